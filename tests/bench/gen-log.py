#!/usr/bin/env python3
# gen-log.py: writes a synthetic mixed Postfix + MDaemon log for bench-log
#
# Copyright 2026 The Bounce Doctor authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: gen-log.py OUTPUT SIZE_MB [SEED]
# Only documentation domains and addresses are used.

import random
import sys


def postfix_message(rnd, qid, t):
    ts = "Oct %2d %02d:%02d:%02d" % (1 + t // 86400 % 28, t // 3600 % 24, t // 60 % 60, t % 60)
    ip = "198.51.100.%d" % rnd.randrange(1, 255)
    rcpt = "user%d@example.net" % rnd.randrange(100000)
    out = [
        f"{ts} mx postfix/smtpd[{rnd.randrange(1000, 9999)}]: connect from client{rnd.randrange(999)}.example.com[{ip}]",
        f"{ts} mx postfix/smtpd[2204]: {qid}: client=client.example.com[{ip}], sasl_method=PLAIN, sasl_username=u{rnd.randrange(999)}",
        f"{ts} mx postfix/cleanup[2210]: {qid}: message-id=<{qid}.{t}@mx.example.com>",
        f"{ts} mx postfix/qmgr[1130]: {qid}: from=<sender{rnd.randrange(9999)}@example.com>, size={rnd.randrange(500, 90000)}, nrcpt=1 (queue active)",
    ]
    r = rnd.random()
    if r < 0.03:
        out.append(f"{ts} mx postfix/smtp[2212]: {qid}: to=<{rcpt}>, relay=mx.example.net[192.0.2.8]:25, delay=1.2, delays=0.05/0.01/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.8] said: 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))")
    elif r < 0.05:
        out.append(f"{ts} mx postfix/smtp[2213]: {qid}: to=<{rcpt}>, relay=mail.example.org[198.51.100.40]:25, delay=1.9, delays=0.05/0.01/1.3/0.5, dsn=4.7.1, status=deferred (host mail.example.org[198.51.100.40] said: 450 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted (in reply to RCPT TO command))")
        out.append(f"{ts} mx postfix/smtp[2213]: {qid}: to=<{rcpt}>, relay=mail.example.org[198.51.100.40]:25, delay=301, delays=300/0.01/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4Tq0Y11234)")
    else:
        out.append(f"{ts} mx postfix/smtp[2212]: {qid}: to=<{rcpt}>, relay=mx.example.net[192.0.2.8]:25, delay=0.8, delays=0.05/0.01/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 7F{qid[:6]})")
    out.append(f"{ts} mx postfix/qmgr[1130]: {qid}: removed")
    if rnd.random() < 0.02:
        out.append(f"{ts} mx postfix/smtpd[2201]: NOQUEUE: reject: RCPT from unknown[203.0.113.{rnd.randrange(1, 255)}]: 554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org; from=<x@example.org> to=<{rcpt}> proto=ESMTP helo=<pc1>")
    return out


def mdaemon_session(rnd, n, t):
    ts = "Mon 2024-03-%02d %02d:%02d:%02d.%03d: " % (1 + t // 86400 % 28, t // 3600 % 24, t // 60 % 60, t % 60, rnd.randrange(1000))
    ip = "203.0.113.%d" % rnd.randrange(1, 255)
    rcpt = "user%d@example.com" % rnd.randrange(100000)
    lines = [
        "----------",
        f"Session {n}; child 1; thread {rnd.randrange(1000, 9999)}",
        f"Accepting SMTP connection from [{ip} : {rnd.randrange(1024, 65535)}]",
        f"Performing PTR lookup ({ip}.IN-ADDR.ARPA)",
        "* No PTR records found" if rnd.random() < 0.3 else "* P=000 S=000 D=x TTL=(60) PTR=[relay.example.org]",
        "---- End PTR results",
        "--> 220 mail.example.com ESMTP MDaemon 13.0.3; Mon, 04 Mar 2024 09:14:02 +0100",
        "<-- EHLO relay.example.org",
        "--> 250 mail.example.com Hello relay.example.org, pleased to meet you",
        "<-- MAIL From:<news@example.org> SIZE=5120",
        "--> 250 <news@example.org>, Sender ok",
        f"<-- RCPT To:<{rcpt}>",
    ]
    if rnd.random() < 0.05:
        lines.append(f"--> 550 5.1.1 <{rcpt}>, Unknown user")
    else:
        lines += [
            f"--> 250 <{rcpt}>, Recipient ok",
            "<-- DATA",
            "--> 354 Enter mail, end with <CRLF>.<CRLF>",
            f"Message size: {rnd.randrange(400, 90000)} bytes",
            "--> 554 Message does not conform to standards" if rnd.random() < 0.03 else "--> 250 2.6.0 Ok, message saved",
        ]
    lines += ["<-- QUIT", "--> 221 2.0.0 See ya in cyberspace", "SMTP session terminated (Bytes in/out: 5402/390)"]
    return [ts + l for l in lines]


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: gen-log.py OUTPUT SIZE_MB [SEED]\n")
        return 2
    target = int(float(sys.argv[2]) * 1024 * 1024)
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    written = 0
    n = 0
    with open(sys.argv[1], "w", encoding="ascii", newline="\n") as out:
        while written < target:
            chunk = []
            for _ in range(200):
                n += 1
                if n % 4 == 0:
                    chunk += mdaemon_session(rnd, n, n)
                else:
                    chunk += postfix_message(rnd, "%010X" % (n * 2654435761 % (1 << 40)), n)
            data = "\n".join(chunk) + "\n"
            out.write(data)
            written += len(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

/* bd-readers.h: readers that turn a decoded document into failures
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each reader returns TRUE when it recognised the document and filled
 * @report (format, mta, failures or not_failure). bd_diagnose tries them in
 * order: DSN, then the MTA text readers, then client errors, then the
 * generic fallback.
 */
#pragma once

#include "bd-document.h"
#include "bd-report.h"

G_BEGIN_DECLS

/* RFC 3464 message/delivery-status, ARF feedback, RFC 3834 auto-replies. */
gboolean bd_reader_dsn     (BdDocument *doc,
                            BdReport   *report);
/* Non-MIME bounce texts of Postfix, Sendmail, Exim, qmail, Courier,
 * Exchange / Outlook.com (English and Russian), Gmail, Yahoo, Yandex, Mail.ru … */
gboolean bd_reader_text    (BdDocument *doc,
                            BdReport   *report);
/* Errors of mail programs: Outlook 0x800CCC…, Thunderbird, The Bat! */
gboolean bd_reader_client  (BdDocument *doc,
                            BdReport   *report);

G_END_DECLS

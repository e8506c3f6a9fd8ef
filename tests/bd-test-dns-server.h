/* bd-test-dns-server.h: a real DNS server (unbound) on a loopback port for
 * a test, and a UDP socket that takes queries and never answers
 *
 * Only 127.0.0.1 ever receives a packet. The server dies with the test,
 * also when an assertion aborts it.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct
{
  GPid     pid;
  guint16  port;          /* unbound's */
  char    *dir;
  GSocket *silent;
  guint16  silent_port;   /* never answers */
} BdTestDnsServer;

static inline gboolean
bd_test_udp_port_is_free (guint16 port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, port);

  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}

static inline void
bd_test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* @zones: the test's lines of unbound.conf's server: clause (local-zone,
 * local-data… indented by two spaces), optionally followed by further
 * clauses (forward-zone:); the server's own settings — loopback, the port,
 * no daemon duties, no logging — come first from here. */
static inline void
bd_test_dns_server_start (BdTestDnsServer *server,
                          const char      *zones)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *unbound = g_find_program_in_path ("unbound");
  const char *argv[] = { NULL, "-d", "-c", NULL, NULL };

  if (unbound == NULL && g_file_test ("/usr/sbin/unbound", G_FILE_TEST_IS_EXECUTABLE))
    unbound = g_strdup ("/usr/sbin/unbound");
  g_assert_nonnull (unbound);  /* the unbound package is a test dependency */

  server->dir = g_dir_make_tmp ("bd-test-dns-XXXXXX", &error);
  g_assert_no_error (error);
  for (server->port = 20000 + g_random_int_range (0, 20000);
       !bd_test_udp_port_is_free (server->port);
       server->port++)
    ;
  conf = g_strdup_printf ("server:\n"
                          "  interface: 127.0.0.1\n"
                          "  port: %u\n"
                          "  do-ip6: no\n"
                          "  username: \"\"\n"
                          "  chroot: \"\"\n"
                          "  directory: \"%s\"\n"
                          "  pidfile: \"\"\n"
                          "  use-syslog: no\n"
                          "  logfile: \"\"\n"
                          "  verbosity: 0\n"
                          "  module-config: \"iterator\"\n"
                          "  access-control: 127.0.0.0/8 allow\n"
                          "%s",
                          server->port, server->dir, zones);
  conf_path = g_build_filename (server->dir, "unbound.conf", NULL);
  g_file_set_contents (conf_path, conf, -1, &error);
  g_assert_no_error (error);

  argv[0] = unbound;
  argv[3] = conf_path;
  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 bd_test_die_with_parent, NULL, &server->pid, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    server->silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                   G_SOCKET_PROTOCOL_UDP, &error);
    g_assert_no_error (error);
    g_socket_bind (server->silent, any, FALSE, &error);
    g_assert_no_error (error);
    bound = g_socket_get_local_address (server->silent, &error);
    g_assert_no_error (error);
    server->silent_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
}

static inline void
bd_test_dns_server_stop (BdTestDnsServer *server)
{
  if (server->pid > 0)
    {
      kill (server->pid, SIGTERM);
      waitpid (server->pid, NULL, 0);
      g_spawn_close_pid (server->pid);
      server->pid = 0;
    }
  g_clear_object (&server->silent);
  if (server->dir != NULL)
    {
      g_autofree char *conf_path = g_build_filename (server->dir, "unbound.conf", NULL);

      g_unlink (conf_path);
      g_rmdir (server->dir);
      g_clear_pointer (&server->dir, g_free);
    }
}

/*
 * The chaos-proxy image's entrypoint: binds the control API's listening socket, puts it on fd 0
 * and execs the JVM with the same arguments, so the port listens within a millisecond of the
 * container's start instead of after the JVM's startup. Docker's port proxy accepts on the host
 * port as soon as the container runs and connects on to the container's port: without a listener
 * there those connections are reset; with this one they wait in the backlog until the JVM takes
 * the socket (System.inheritedChannel(), inetd style) and answers them.
 *
 *   launch JAVA [JVM options] -jar JAR [arguments]
 *
 * The address is the last "--api HOST:PORT" (or "--api=HOST:PORT") among the arguments. HOST
 * must be numeric (IPv4, or IPv6 in brackets), "localhost" or empty (all interfaces). When there
 * is no --api, its address is not one this launcher can bind without a resolver, or the bind
 * fails, nothing is bound and the JVM is exec'ed as it would be without the launcher: it then
 * binds (or reports the failure) itself. Built static: the image has no libc of its own for it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BACKLOG 512

static const char *api_address(int argc, char **argv) {
  const char *api = NULL;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--api") == 0 && i + 1 < argc) api = argv[++i];
    else if (strncmp(argv[i], "--api=", 6) == 0) api = argv[i] + 6;
  }
  return api;
}

/* A listening socket on HOST:PORT, or -1 (and why, in *why) when none can be had. */
static int listen_on(const char *api, const char **why) {
  char host[256];
  const char *colon = strrchr(api, ':');
  if (colon == NULL || (size_t)(colon - api) >= sizeof host) { *why = "not HOST:PORT"; return -1; }
  memcpy(host, api, colon - api);
  host[colon - api] = '\0';
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end != '\0' || colon[1] == '\0' || port <= 0 || port > 65535) { *why = "no fixed port"; return -1; }

  struct sockaddr_storage address;
  memset(&address, 0, sizeof address);
  socklen_t length;
  size_t n = strlen(host);
  if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&address;
    host[n - 1] = '\0';
    if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) { *why = "not a numeric IPv6 address"; return -1; }
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((unsigned short)port);
    length = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&address;
    if (n == 0) a->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (strcmp(host, "localhost") == 0) a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &a->sin_addr) != 1) { *why = "not a numeric IPv4 address"; return -1; }
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    length = sizeof *a;
  }
  int fd = socket(address.ss_family, SOCK_STREAM, 0);
  if (fd < 0) { *why = strerror(errno); return -1; }
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (bind(fd, (struct sockaddr *)&address, length) != 0 || listen(fd, BACKLOG) != 0) {
    *why = strerror(errno);
    close(fd);
    return -1;
  }
  return fd;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: launch JAVA [JVM options] -jar JAR [arguments]\n");
    return 2;
  }
  const char *api = api_address(argc, argv);
  if (api != NULL) {
    const char *why = NULL;
    int fd = listen_on(api, &why);
    if (fd >= 0) {
      if (fd != 0) {
        if (dup2(fd, 0) != 0) {
          fprintf(stderr, "launch: dup2: %s\n", strerror(errno));
          return 1;
        }
        close(fd);
      }
    } else if (getenv("CHAOS_PROXY_LAUNCH_DEBUG") != NULL) {
      fprintf(stderr, "launch: not binding --api %s (%s); the JVM binds it\n", api, why);
    }
  }
  execv(argv[1], argv + 1);
  fprintf(stderr, "launch: cannot run %s: %s\n", argv[1], strerror(errno));
  return 127;
}

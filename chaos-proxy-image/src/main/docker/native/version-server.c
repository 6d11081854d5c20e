/*
 * A stand-in for Toxiproxy's image in the startup measurements (its image cannot be pulled here,
 * and there is no Go to build it): a native binary that answers GET /version with 200 on
 * 0.0.0.0:8474 (every other request with 404), one connection at a time. It is what a Go or C
 * server's startup costs in a FROM scratch image: exec, one bind, accept. Built static.
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void stop(int signal) {
  (void)signal;
  _exit(0);
}

int main(void) {
  signal(SIGTERM, stop); /* as PID 1 the default action would be to ignore it */
  signal(SIGINT, stop);
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(8474), .sin_addr = {htonl(INADDR_ANY)}};
  if (server < 0 || bind(server, (struct sockaddr *)&address, sizeof address) != 0 || listen(server, 512) != 0) {
    perror("version-server: 0.0.0.0:8474");
    return 1;
  }
  static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 23\r\n"
                           "Connection: close\r\n\r\n{\"version\":\"stand-in\"}\n";
  static const char missing[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  char request[4096];
  for (;;) {
    int c = accept(server, NULL, NULL);
    if (c < 0) continue;
    size_t n = 0;
    ssize_t r;
    while (n < sizeof request - 1 && (r = read(c, request + n, sizeof request - 1 - n)) > 0) {
      n += (size_t)r;
      request[n] = '\0';
      if (strstr(request, "\r\n\r\n") != NULL) break;
    }
    request[n] = '\0';
    int version = strncmp(request, "GET /version ", 13) == 0 || strncmp(request, "GET /version?", 13) == 0;
    const char *answer = version ? ok : missing;
    size_t left = version ? sizeof ok - 1 : sizeof missing - 1;
    while (left > 0 && (r = write(c, answer, left)) > 0) { answer += r; left -= (size_t)r; }
    close(c);
  }
}

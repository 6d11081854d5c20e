# Test server: a TCP echo service on port 7, and a client toolbox (sh, nc, wget, ...) for
# containers that talk to other containers. Debian's static busybox, FROM scratch.
# "nc -ll -e cat" serves each connection with its own cat: concurrent, and a client's
# half-close (FIN) ends that cat, so the echo of everything sent arrives before the close.
FROM scratch
COPY rootfs/ /
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
USER 65534:65534
WORKDIR /tmp
EXPOSE 7
# nc as PID 1 ignores SIGTERM; the echo holds no state, so docker stop need not wait for it.
STOPSIGNAL SIGKILL
CMD ["nc", "-ll", "-p", "7", "-e", "cat"]

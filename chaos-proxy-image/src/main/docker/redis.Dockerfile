# Test server: Redis on port 6379 (Debian's redis-server, with redis-cli for client containers),
# the shared libraries ldd lists for them, FROM scratch. No persistence, no protected mode.
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/bin
USER 65534:65534
WORKDIR /tmp
EXPOSE 6379
CMD ["redis-server", "--bind", "0.0.0.0", "--port", "6379", "--protected-mode", "no", "--save", "", "--appendonly", "no"]

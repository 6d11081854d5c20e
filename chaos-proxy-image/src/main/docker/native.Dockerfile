# chaos-proxy-test/native: native/version-server.c, a static C server answering GET /version on
# 8474, the stand-in for Toxiproxy's image (a Go binary FROM scratch, which cannot be pulled here)
# in the startup figures: what a native server's `docker run` to 200 costs on this engine.
FROM scratch
COPY rootfs/ /
COPY version-server /version-server
USER 65534:65534
EXPOSE 8474
ENTRYPOINT ["/version-server"]

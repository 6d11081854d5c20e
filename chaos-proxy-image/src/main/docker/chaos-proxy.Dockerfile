# The chaos-proxy image: the standalone jar on a jlink'ed JRE, FROM scratch.
# build-images stages the context (rootfs/ = /etc, /tmp and the libraries ldd lists for the JRE;
# jre/; app/chaos-proxy.jar) and appends the LABEL lines. Layers go from least to most often
# changed, so a new jar rebuilds only the last one.
FROM scratch
COPY rootfs/ /
COPY jre/ /opt/java/
COPY app/ /opt/chaos-proxy/
ENV PATH=/opt/java/bin
USER 65534:65534
WORKDIR /tmp
EXPOSE 8474
# JVM options can be added with JAVA_TOOL_OPTIONS; arguments given to the container replace CMD.
# app.jsa, the class-data archive of the startup's classes, is added on top of this image by
# build-images (unless --cds false); without it the JVM starts the same, only slower.
# -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1: C1 only, one compiler thread: the JIT competes
# less with the startup on a small machine (about 50 ms less to a healthy API, DEVELOPERS.md);
# the proxy's data path is syscalls more than Java code. Command-line flags win over
# JAVA_TOOL_OPTIONS, so to have C2 back, give the ENTRYPOINT without them (--entrypoint).
# build-images puts /opt/chaos-proxy/launch first when the jar takes an inherited API socket.
ENTRYPOINT ["/opt/java/bin/java", "-XX:SharedArchiveFile=/opt/chaos-proxy/app.jsa", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-jar", "/opt/chaos-proxy/chaos-proxy.jar"]
CMD ["--api", "0.0.0.0:8474"]

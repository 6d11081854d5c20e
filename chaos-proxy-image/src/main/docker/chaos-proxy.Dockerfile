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
ENTRYPOINT ["/opt/java/bin/java", "-XX:SharedArchiveFile=/opt/chaos-proxy/app.jsa", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-jar", "/opt/chaos-proxy/chaos-proxy.jar"]
CMD ["--api", "0.0.0.0:8474"]

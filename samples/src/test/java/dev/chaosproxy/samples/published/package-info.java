/** What a user consumes: the published jars' module names, sources and javadoc, checked after packaging. */
package dev.chaosproxy.samples.published;

/**
 * The standalone jar driven over REST: {@link CurlRecipesIT} runs {@code
 * samples/standalone/curl-recipes.sh} (README's quick start and curl recipes, each effect checked)
 * against the jar this build made, and {@link ReadmeRecipesTest} keeps README's recipes and the
 * script from drifting apart.
 */
package dev.chaosproxy.samples.standalone;

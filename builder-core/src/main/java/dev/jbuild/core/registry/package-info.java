/**
 * The registry client: pull and push over the distribution API, token and basic authentication, docker
 * and containers login files, retries and transfer limits.
 */
package dev.jbuild.core.registry;

package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void readsDockerHubBearerChallengeWithCommaInQuotedScope() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\""));
        assertEquals(List.of(new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:samalba/my-app:pull,push"))), challenges);
        assertTrue(challenges.get(0).isBearer());
    }

    @Test
    void readsBasicChallengeOfDistributionHtpasswd() {
        assertEquals(List.of(new AuthChallenge("basic", Map.of("realm", "jbuild-test"))),
                AuthChallenge.parse(List.of("Basic realm=\"jbuild-test\"")));
    }

    @Test
    void readsSeveralChallengesInOneHeaderAndAcrossHeaders() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of(
                "Basic realm=\"a\", Bearer realm=\"https://t/token\", service=svc",
                "Negotiate"));
        assertEquals(3, challenges.size());
        assertEquals(new AuthChallenge("basic", Map.of("realm", "a")), challenges.get(0));
        assertEquals(new AuthChallenge("bearer", Map.of("realm", "https://t/token", "service", "svc")), challenges.get(1));
        assertEquals(new AuthChallenge("negotiate", Map.of()), challenges.get(2));
    }

    @Test
    void keepsEscapedQuotesAndLowercasesNamesButNotValues() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of("BEARER Realm=\"https://x/t?a=\\\"b\\\"\",Error=insufficient_scope"));
        assertEquals(Map.of("realm", "https://x/t?a=\"b\"", "error", "insufficient_scope"), challenges.get(0).parameters());
        assertEquals("bearer", challenges.get(0).scheme());
    }

    @Test
    void ignoresGarbageWithoutLoopingForever() {
        assertEquals(List.of(), AuthChallenge.parse(List.of("", "  ,  ", "\"oops\"")));
    }
}

package dev.jbuild.grammar.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LintRuleTest {

    @Test
    void urlsNameTheRulesDocumentationPageInKebabCase() {
        assertEquals("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/",
                LintRule.JSON_ARGS_RECOMMENDED.url());
        assertEquals("https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/",
                LintRule.SECRETS_USED_IN_ARG_OR_ENV.url());
        assertEquals("https://docs.docker.com/go/dockerfile/rule/from-as-casing/", LintRule.FROM_AS_CASING.url());
    }

    @Test
    void rulesAreFoundByBuildkitsName() {
        assertEquals(LintRule.DUPLICATE_STAGE_NAME, LintRule.named("DuplicateStageName").orElseThrow());
        assertTrue(LintRule.named("NoSuchRule").isEmpty());
    }
}

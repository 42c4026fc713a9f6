package dev.jbuild.grammar.lint;

import java.util.Locale;
import java.util.Optional;

/**
 * The build checks jbuild runs, by BuildKit's rule names (which {@code # check=skip=…} takes),
 * each with a one-line description. Experimental rules run only when the check directive names
 * them in {@code experimental=…}.
 */
public enum LintRule {
    STAGE_NAME_CASING("StageNameCasing", "Stage names should be written in lower case."),
    FROM_AS_CASING("FromAsCasing", "The AS of a FROM should use the same case as its FROM keyword."),
    NO_EMPTY_CONTINUATION("NoEmptyContinuation",
            "An empty line inside a continued instruction is deprecated and will become an error."),
    CONSISTENT_INSTRUCTION_CASING("ConsistentInstructionCasing",
            "Instruction keywords should all be upper case or all lower case, like most of the file."),
    DUPLICATE_STAGE_NAME("DuplicateStageName", "Each stage name should be used once."),
    RESERVED_STAGE_NAME("ReservedStageName", "The reserved names scratch and context cannot name a stage."),
    JSON_ARGS_RECOMMENDED("JSONArgsRecommended",
            "CMD and ENTRYPOINT should use the JSON form so the program receives stop signals."),
    MAINTAINER_DEPRECATED("MaintainerDeprecated",
            "MAINTAINER is deprecated; set the org.opencontainers.image.authors label instead."),
    UNDEFINED_ARG_IN_FROM("UndefinedArgInFrom", "A FROM line should only use ARGs declared before the first FROM."),
    WORKDIR_RELATIVE_PATH("WorkdirRelativePath",
            "A relative WORKDIR before any absolute one depends on the base image's working directory."),
    MULTIPLE_INSTRUCTIONS_DISALLOWED("MultipleInstructionsDisallowed",
            "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect."),
    LEGACY_KEY_VALUE_FORMAT("LegacyKeyValueFormat", "ENV and LABEL should use key=value, not the old key value form."),
    REDUNDANT_TARGET_PLATFORM("RedundantTargetPlatform",
            "FROM --platform=$TARGETPLATFORM says what is already the default."),
    SECRETS_USED_IN_ARG_OR_ENV("SecretsUsedInArgOrEnv",
            "Secrets in ARG or ENV end up in the image; use a secret mount instead."),
    INVALID_DEFAULT_ARG_IN_FROM("InvalidDefaultArgInFrom",
            "With the default values of the global ARGs, a FROM names no valid image."),
    FROM_PLATFORM_FLAG_CONST_DISALLOWED("FromPlatformFlagConstDisallowed",
            "FROM --platform should use a variable such as $BUILDPLATFORM, not a fixed platform."),
    EXPOSE_PROTO_CASING("ExposeProtoCasing", "The protocol of an EXPOSE port should be lower case."),
    EXPOSE_INVALID_FORMAT("ExposeInvalidFormat",
            "EXPOSE takes container ports only, without an IP address or host port."),
    INVALID_DEFINITION_DESCRIPTION("InvalidDefinitionDescription",
            "A comment right above a FROM or ARG should start with the stage or argument name it describes.",
            true);

    private final String ruleName;
    private final String description;
    private final boolean experimental;

    LintRule(String ruleName, String description) {
        this(ruleName, description, false);
    }

    LintRule(String ruleName, String description, boolean experimental) {
        this.ruleName = ruleName;
        this.description = description;
        this.experimental = experimental;
    }

    /** The name BuildKit and the check directive use, such as {@code JSONArgsRecommended}. */
    public String ruleName() {
        return ruleName;
    }

    public String description() {
        return description;
    }

    /** The rule's page in Docker's documentation, which buildx prints beside a warning. */
    public String url() {
        // JSONArgsRecommended -> json-args-recommended: a break before each capital that starts a word
        String kebab = ruleName.replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-")
                .toLowerCase(Locale.ROOT);
        return "https://docs.docker.com/go/dockerfile/rule/" + kebab + "/";
    }

    /** The rule BuildKit calls {@code ruleName}, if jbuild runs it. */
    public static Optional<LintRule> named(String ruleName) {
        for (LintRule rule : values()) {
            if (rule.ruleName.equals(ruleName)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    public boolean experimental() {
        return experimental;
    }
}

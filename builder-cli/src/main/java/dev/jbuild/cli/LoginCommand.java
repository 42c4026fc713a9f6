package dev.jbuild.cli;

import dev.jbuild.core.registry.Credentials;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.LoginStore;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jbuild login [-u USER] [-p PASS | --password-stdin] [REGISTRY]}: checks the login with
 * the registry ({@code GET /v2/}, through its token service if it has one) and saves it in
 * docker's config.json as {@code docker login} does, so docker, buildx and jbuild share it.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Log in to a registry (default: Docker Hub) and save the login in docker's config.json or the"
                + " credential helper it names.")
final class LoginCommand implements Callable<Integer> {

    @Mixin
    private ConfigDirOption configDir;

    @Mixin
    private RegistryOptions registryOptions;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "the user name")
    private String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASS", description = "the password or access token (visible to other users: prefer --password-stdin)")
    private String password;

    @Option(names = "--password-stdin", description = "read the password or token from stdin")
    private boolean passwordStdin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", description = "host[:port] (default: Docker Hub)")
    private String registry;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (password != null) {
            if (passwordStdin) {
                throw usage("--password and --password-stdin are mutually exclusive");
            }
            err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        if (passwordStdin) {
            if (username == null) {
                throw usage("Must provide --username with --password-stdin");
            }
            password = stripNewline(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        }
        promptForMissing();
        String server = LoginStore.serverKey(registry);
        String apiRegistry = server.equals(LoginStore.serverKey(null)) ? ImageReference.DOCKER_HUB : server;
        Credentials login = Credentials.basic(username, password, "jbuild login");
        registryOptions.client(DockerConfig.of(apiRegistry, login)).ping(apiRegistry);
        LoginStore store = configDir.loginStore();
        if (!store.store(server, login)) {
            err.println("WARNING! Your credentials are stored unencrypted in '" + store.file() + "'.");
            err.println("Configure a credential helper to remove this warning. See");
            err.println("https://docs.docker.com/go/credential-store/");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Login Succeeded");
        out.flush();
        return ExitStatus.OK;
    }

    // As docker: ask on the terminal for what the flags left out; without one, say so.
    private void promptForMissing() {
        if (username != null && password != null && !password.isEmpty()) {
            return;
        }
        Console console = System.console();
        if (console == null) {
            throw usage("Cannot perform an interactive login from a non TTY device: give -u USER and --password-stdin");
        }
        if (username == null || username.isEmpty()) {
            username = console.readLine("Username: ");
        }
        if (password == null || password.isEmpty()) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? "" : new String(typed);
        }
        if (username == null || username.isEmpty() || password.isEmpty()) {
            throw usage("a user name and a password are needed to log in");
        }
    }

    // Docker strips one trailing newline (and a CR before it), so `echo $TOKEN |` works.
    private static String stripNewline(String text) {
        String stripped = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return stripped.endsWith("\r") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

package dev.jbuild.cli;

/** Entry point of the {@code jbuild} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("jbuild");
    }
}

package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.SourceRange;

/**
 * One Dockerfile instruction, typed and checked. Every instruction has its own record; a switch
 * over this sealed interface covers them all.
 */
public sealed interface Command
        permits AddCommand, ArgCommand, CmdCommand, CopyCommand, EntrypointCommand, EnvCommand,
                ExposeCommand, FromCommand, HealthcheckCommand, LabelCommand, MaintainerCommand,
                OnbuildCommand, RunCommand, ShellCommand, StopSignalCommand, UserCommand,
                VolumeCommand, WorkdirCommand {

    /** Where the command was written. */
    Origin origin();

    default SourceRange range() {
        return origin().range();
    }

    /** The keyword as written, in its original case. */
    default String keyword() {
        return origin().keyword();
    }
}

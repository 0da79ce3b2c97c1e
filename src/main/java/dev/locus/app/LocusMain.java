package dev.locus.app;

import dev.locus.cli.DemoCommand;
import dev.locus.cli.PlanCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code locus} executable (also {@code kubectl locus}): runs the operator, or one of the
 * offline subcommands, which do not boot the operator at all.
 */
@QuarkusMain
@Command(
        name = "kubectl-locus",
        mixinStandardHelpOptions = true,
        versionProvider = LocusMain.Version.class,
        description =
                "Places AI workloads on the nearest GPU pool that may legally hold their data.",
        subcommands = {PlanCommand.class, DemoCommand.class, LocusMain.OperatorCommand.class})
public class LocusMain implements Callable<Integer> {

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors reported as one line each rather than stack traces. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LocusMain());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e);
                    commandLine.getErr().flush();
                    return 1;
                });
        return cli;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** Runs the operator until it is stopped (SIGTERM). */
    @Command(name = "operator", description = "Run the Locus operator against the current cluster.")
    static class OperatorCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            Quarkus.run();
            return 0;
        }
    }

    /** The version from the jar's manifest, when there is one. */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LocusMain.class.getPackage().getImplementationVersion();
            return new String[] {"locus " + (v == null ? "development build" : v)};
        }
    }
}

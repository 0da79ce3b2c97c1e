package dev.locus.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code locus} executable (also {@code kubectl locus}): runs the operator, or one of the
 * subcommands, which do not boot the operator at all: {@code plan} (offline), {@code forecast
 * import} and {@code report energy} (through the user's kubeconfig).
 *
 * <p>The {@code demo} and {@code bench} subcommands ({@link #DEMO_COMMAND}, {@link #BENCH_COMMAND})
 * are registered only when fabric8's mock API server is on the classpath. It is not in the
 * operator's artifact ({@code target/quarkus-app}, which the image ships): {@code bin/kubectl-locus
 * demo} and {@code bench} run this class on a plain classpath that adds {@code target/demo-lib/}.
 * Their classes are named, not referenced, so that this class loads without them.
 */
@QuarkusMain
@Command(
        name = "kubectl-locus",
        mixinStandardHelpOptions = true,
        versionProvider = LocusMain.Version.class,
        description =
                "Places AI workloads on the nearest GPU pool that may legally hold their data.",
        subcommands = {
            PlanCommand.class,
            ForecastCommand.class,
            ReportCommand.class,
            LocusMain.OperatorCommand.class
        })
public class LocusMain implements Callable<Integer> {

    /** The demo subcommand, in the demo package, which needs fabric8's mock API server. */
    static final String DEMO_COMMAND = "dev.locus.cli.demo.DemoCommand";

    /** The end-to-end benchmark, which needs fabric8's mock API server too. */
    static final String BENCH_COMMAND = "dev.locus.cli.demo.bench.BenchCommand";

    /** A class of the mock API server: present on the demo's classpath only. */
    static final String MOCK_SERVER =
            "io.fabric8.kubernetes.client.server.mock.KubernetesMockServer";

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors reported as one line each rather than stack traces. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LocusMain());
        demoCommand()
                .ifPresentOrElse(
                        demo -> cli.addSubcommand("demo", demo),
                        () ->
                                cli.getCommandSpec()
                                        .usageMessage()
                                        .footer(
                                                "",
                                                "The demo is not part of this artifact; from a source checkout:",
                                                "  ./mvnw -q package -DskipTests && bin/kubectl-locus demo"));
        optionalCommand(BENCH_COMMAND).ifPresent(bench -> cli.addSubcommand("bench", bench));
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e);
                    commandLine.getErr().flush();
                    return 1;
                });
        return cli;
    }

    /** The demo command, when its classes and fabric8's mock API server can be loaded. */
    static Optional<Object> demoCommand() {
        return optionalCommand(DEMO_COMMAND);
    }

    /** A command of the demo's classpath, when it and fabric8's mock API server can be loaded. */
    static Optional<Object> optionalCommand(String className) {
        ClassLoader loader = LocusMain.class.getClassLoader();
        try {
            Class.forName(MOCK_SERVER, false, loader);
            return Optional.of(
                    Class.forName(className, true, loader).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
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

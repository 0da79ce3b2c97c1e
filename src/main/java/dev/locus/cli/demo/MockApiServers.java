package dev.locus.cli.demo;

import dev.locus.api.schema.CrdSchemas;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Embedded Kubernetes API servers (fabric8's mock server in CRUD mode, on loopback): one hub with
 * the Locus CRDs installed, and one per simulated member cluster. For the demo and the integration
 * tests; nothing here is used by the operator itself. The hub also answers what kubectl needs
 * ({@link HubDispatcher}), and {@link #kubectlKubeconfig()} gives kubectl an endpoint that streams
 * watches.
 */
public final class MockApiServers implements AutoCloseable {

    /** Held strongly: JUL forgets levels set on loggers nobody references. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    /** One running API server and an admin client for it. */
    public record Server(
            String name, KubernetesMockServer server, NamespacedKubernetesClient client) {
        public String url() {
            return server.url("/");
        }
    }

    private final Server hub;
    private final Map<String, Server> members = new LinkedHashMap<>();
    private final HubDispatcher hubDispatcher;
    private KubectlEndpoint kubectlEndpoint;

    public MockApiServers() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        hubDispatcher =
                new HubDispatcher(new KubernetesMixedDispatcher(responses), Clock.systemUTC());
        hub = start("hub", 0, responses, hubDispatcher);
        CrdSchemas.definitions().forEach(crd -> hub.client().resource(crd).create());
    }

    public Server hub() {
        return hub;
    }

    /**
     * A kubeconfig for kubectl to use the hub: discovery, tables, OpenAPI and watches that stream
     * (see {@link HubDispatcher}, {@link KubectlEndpoint}). Starts the endpoint on first use.
     */
    public synchronized String kubectlKubeconfig() {
        if (kubectlEndpoint == null) {
            try {
                kubectlEndpoint = new KubectlEndpoint(hubDispatcher);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the hub's kubectl endpoint", e);
            }
        }
        return kubeconfig("locus-demo-hub", kubectlEndpoint.url(), null);
    }

    public Map<String, Server> members() {
        return members;
    }

    /** Starts an API server for a member cluster. */
    public Server addMember(String name) {
        Server member = start(name);
        members.put(name, member);
        return member;
    }

    /** Stops a member's API server, as when a site goes dark. */
    public void stopMember(String name) {
        Server member = members.get(name);
        if (member != null) {
            member.client().close();
            member.server().destroy();
        }
    }

    /** Starts a stopped member's API server again on the same port: the site is back, empty. */
    public Server restartMember(String name) {
        Server old = members.get(name);
        Server member = start(name, old.server().getPort());
        members.put(name, member);
        return member;
    }

    /** Creates a namespace on a simulated server unless it is there already. */
    public static void ensureNamespace(KubernetesClient client, String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(name)
                                    .endMetadata()
                                    .build())
                    .create();
        }
    }

    /** The HTTP client of every client here: watch events may span several frames. */
    static io.fabric8.kubernetes.client.http.HttpClient.Factory wholeMessages() {
        return new dev.locus.fleet.WholeMessageWebSockets(
                io.fabric8.kubernetes.client.utils.HttpClientUtils.getHttpClientFactory());
    }

    /** A kubeconfig that reaches a server, as a platform team would put in a Secret. */
    public static String kubeconfig(Server server) {
        return kubeconfig(server.name(), server.url(), null);
    }

    /** A kubeconfig reaching an API server at {@code url}; its context's namespace, if given. */
    public static String kubeconfig(String name, String url, String namespace) {
        var config =
                new ConfigBuilder()
                        .withApiVersion("v1")
                        .withKind("Config")
                        .addNewCluster()
                        .withName(name)
                        .withNewCluster()
                        .withServer(url)
                        .endCluster()
                        .endCluster()
                        .addNewUser()
                        .withName("locus")
                        .withNewUser()
                        .withToken("simulated")
                        .endUser()
                        .endUser()
                        .addNewContext()
                        .withName(name)
                        .withNewContext()
                        .withCluster(name)
                        .withUser("locus")
                        .withNamespace(namespace)
                        .endContext()
                        .endContext()
                        .withCurrentContext(name)
                        .build();
        return new KubernetesSerialization().asYaml(config);
    }

    @Override
    public synchronized void close() {
        if (kubectlEndpoint != null) {
            kubectlEndpoint.close();
        }
        for (Server member : members.values()) {
            member.client().close();
            member.server().destroy();
        }
        hub.client().close();
        hub.server().destroy();
    }

    private static Server start(String name) {
        return start(name, 0);
    }

    private static Server start(String name, int port) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return start(name, port, responses, new KubernetesMixedDispatcher(responses));
    }

    private static Server start(
            String name,
            int port,
            Map<ServerRequest, Queue<ServerResponse>> responses,
            Dispatcher dispatcher) {
        var server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new OptimisticStatusWrites(dispatcher),
                        false);
        if (port == 0) {
            server.init();
        } else {
            server.init(java.net.InetAddress.getLoopbackAddress(), port);
        }
        // The member's /version, which the cluster probe reads.
        server.setVersionInfo(
                new VersionInfo.Builder()
                        .withMajor("1")
                        .withMinor("31")
                        .withGitVersion("v1.31.0-locus-sim")
                        .withPlatform("linux/amd64")
                        .build());
        return new Server(name, server, server.createClient(wholeMessages()));
    }
}

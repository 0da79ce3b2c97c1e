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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Embedded Kubernetes API servers (fabric8's mock server in CRUD mode, on loopback): one hub with
 * the Locus CRDs installed, and one per simulated member cluster. For the demo and the integration
 * tests; nothing here is used by the operator itself.
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

    public MockApiServers() {
        hub = start("hub");
        CrdSchemas.definitions().forEach(crd -> hub.client().resource(crd).create());
    }

    public Server hub() {
        return hub;
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

    /** A kubeconfig that reaches a server, as a platform team would put in a Secret. */
    public static String kubeconfig(Server server) {
        var config =
                new ConfigBuilder()
                        .withApiVersion("v1")
                        .withKind("Config")
                        .addNewCluster()
                        .withName(server.name())
                        .withNewCluster()
                        .withServer(server.url())
                        .endCluster()
                        .endCluster()
                        .addNewUser()
                        .withName("locus")
                        .withNewUser()
                        .withToken("simulated")
                        .endUser()
                        .endUser()
                        .addNewContext()
                        .withName(server.name())
                        .withNewContext()
                        .withCluster(server.name())
                        .withUser("locus")
                        .endContext()
                        .endContext()
                        .withCurrentContext(server.name())
                        .build();
        return new KubernetesSerialization().asYaml(config);
    }

    @Override
    public void close() {
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
        var server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
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
        return new Server(name, server, server.createClient());
    }
}

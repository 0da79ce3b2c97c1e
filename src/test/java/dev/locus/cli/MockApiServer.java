package dev.locus.cli;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode, with a kubeconfig that reaches it: the commands under
 * test read it through {@code --kubeconfig}, as they read a user's.
 */
final class MockApiServer implements AutoCloseable {

    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;
    final Path kubeconfig;

    /**
     * fabric8 lets {@code kubernetes.*} system properties override any kubeconfig, and a Quarkus
     * test earlier in the same JVM leaves {@code kubernetes.master} pointing at its own mock
     * server: set aside while this one runs, so the commands read only the kubeconfig given.
     */
    private final java.util.Properties setAside = new java.util.Properties();

    MockApiServer(Path dir) throws IOException {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("kubernetes.")) {
                setAside.setProperty(name, System.getProperty(name));
                System.clearProperty(name);
            }
        }
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init();
        client = server.createClient();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                  - name: elsewhere
                    cluster: {server: "http://127.0.0.1:1"}
                users:
                  - name: me
                    user: {token: secret}
                contexts:
                  - name: elsewhere
                    context: {cluster: elsewhere, user: me}
                  - name: mock
                    context: {cluster: mock, user: me, namespace: ml-research}
                current-context: elsewhere
                """
                        .formatted(client.getMasterUrl()));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
        setAside.forEach((k, v) -> System.setProperty((String) k, (String) v));
    }
}

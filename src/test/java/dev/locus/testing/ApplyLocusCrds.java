package dev.locus.testing;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/** Installs the committed CRDs into the mock hub API server before the operator starts. */
public class ApplyLocusCrds implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
        var client = server.getClient();
        TestFiles.crds().forEach(crd -> client.resource(crd).create());
    }
}

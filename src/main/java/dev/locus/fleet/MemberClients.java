package dev.locus.fleet;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Connection;
import dev.locus.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The registry of member cluster clients, one per Cluster. A client is built from the Cluster's
 * connection, rebuilt when its Secret or connection changes, and closed when the Cluster goes away.
 * Kubeconfig contents are only ever held in memory: never logged, never put in a condition or an
 * event.
 */
public final class MemberClients implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemberClients.class);

    /** Timeouts for member clients: a slow site must not stall a reconcile for long. */
    static final int CONNECT_TIMEOUT_MS = 5_000;

    static final int REQUEST_TIMEOUT_MS = 10_000;

    private record Member(KubernetesClient client, String fingerprint, boolean local) {}

    private final KubernetesClient hub;
    private final String operatorNamespace;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, KubernetesClient>> onDisconnect =
            new CopyOnWriteArrayList<>();

    public MemberClients(KubernetesClient hub, String operatorNamespace) {
        this.hub = hub;
        this.operatorNamespace = operatorNamespace;
    }

    /** Called with (cluster, client) before a client is closed. */
    public void onDisconnect(BiConsumer<String, KubernetesClient> listener) {
        onDisconnect.add(listener);
    }

    /**
     * The client for a Cluster, built or rebuilt as its connection requires.
     *
     * @throws MemberConnectionException when the Secret is missing or unusable
     */
    public KubernetesClient connect(Cluster cluster) throws MemberConnectionException {
        String name = cluster.getMetadata().getName();
        Connection connection =
                cluster.getSpec() == null ? null : cluster.getSpec().getConnection();
        if (connection == null) {
            disconnect(name);
            throw new MemberConnectionException("NoConnection", "spec.connection is not set");
        }
        if (connection.targetsHub()) {
            Member current = members.get(name);
            if (current == null || !current.local()) {
                replace(name, new Member(hub, "local", true));
            }
            return hub;
        }
        SecretKeyRef ref = connection.getKubeconfigSecretRef();
        if (ref == null || ref.getName() == null) {
            disconnect(name);
            throw new MemberConnectionException(
                    "NoConnection", "spec.connection sets neither local nor kubeconfigSecretRef");
        }
        String kubeconfig = readKubeconfig(ref);
        String fingerprint = secretName(ref) + "@" + Digests.sha256Hex(kubeconfig);
        Member current = members.get(name);
        if (current != null && current.fingerprint().equals(fingerprint)) {
            return current.client();
        }
        KubernetesClient client = build(kubeconfig, secretName(ref));
        replace(name, new Member(client, fingerprint, false));
        LOG.infof(
                "Connected to member cluster %s (kubeconfig from Secret %s)",
                name, secretName(ref));
        return client;
    }

    /** The current client of a cluster, if Locus is connected to it. */
    public Optional<KubernetesClient> client(String cluster) {
        return Optional.ofNullable(members.get(cluster)).map(Member::client);
    }

    /** Closes and forgets the client of a cluster (the hub's own client is never closed). */
    public void disconnect(String cluster) {
        Member old = members.remove(cluster);
        if (old != null) {
            release(cluster, old);
        }
    }

    @Override
    public void close() {
        for (String cluster : Set.copyOf(members.keySet())) {
            disconnect(cluster);
        }
    }

    private void replace(String cluster, Member next) {
        Member old = members.put(cluster, next);
        if (old != null) {
            release(cluster, old);
        }
    }

    private void release(String cluster, Member old) {
        onDisconnect.forEach(l -> l.accept(cluster, old.client()));
        if (!old.local()) {
            old.client().close();
        }
    }

    private String readKubeconfig(SecretKeyRef ref) throws MemberConnectionException {
        String namespace =
                ref.getNamespace() == null || ref.getNamespace().isBlank()
                        ? operatorNamespace
                        : ref.getNamespace();
        String key =
                ref.getKey() == null || ref.getKey().isBlank()
                        ? SecretKeyRef.DEFAULT_KEY
                        : ref.getKey();
        Secret secret;
        try {
            secret = hub.secrets().inNamespace(namespace).withName(ref.getName()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new MemberConnectionException(
                        "SecretForbidden",
                        "Locus may not read Secret " + namespace + "/" + ref.getName() + " (RBAC)");
            }
            throw new MemberConnectionException(
                    "SecretUnreadable",
                    "cannot read Secret "
                            + namespace
                            + "/"
                            + ref.getName()
                            + ": HTTP "
                            + e.getCode());
        }
        if (secret == null) {
            throw new MemberConnectionException(
                    "SecretNotFound",
                    "Secret " + namespace + "/" + ref.getName() + " does not exist");
        }
        String value = null;
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                value =
                        new String(
                                Base64.getDecoder().decode(secret.getData().get(key)),
                                StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MemberConnectionException(
                        "KubeconfigInvalid",
                        "key "
                                + key
                                + " of Secret "
                                + namespace
                                + "/"
                                + ref.getName()
                                + " is not valid base64");
            }
        } else if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            value = secret.getStringData().get(key);
        }
        if (value == null || value.isBlank()) {
            throw new MemberConnectionException(
                    "SecretKeyMissing",
                    "Secret " + namespace + "/" + ref.getName() + " has no key " + key);
        }
        return value;
    }

    private static KubernetesClient build(String kubeconfig, String secret)
            throws MemberConnectionException {
        try {
            var parsed =
                    Serialization.unmarshal(
                            kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
            for (NamedAuthInfo user :
                    parsed.getUsers() == null ? List.<NamedAuthInfo>of() : parsed.getUsers()) {
                if (user.getUser() != null
                        && (user.getUser().getExec() != null
                                || user.getUser().getAuthProvider() != null)) {
                    // An exec plugin would run a command inside the operator: not from a Secret.
                    throw new MemberConnectionException(
                            "KubeconfigUnsupported",
                            "kubeconfig in Secret "
                                    + secret
                                    + " uses an exec or auth-provider plugin; use a token or client certificate");
                }
            }
            Config config = Config.fromKubeconfig(kubeconfig);
            config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
            config.setRequestTimeout(REQUEST_TIMEOUT_MS);
            config.setRequestRetryBackoffLimit(1);
            return new KubernetesClientBuilder()
                    .withConfig(config)
                    // A watch event larger than one WebSocket frame must not stall a member watch.
                    .withHttpClientFactory(
                            new WholeMessageWebSockets(HttpClientUtils.getHttpClientFactory()))
                    .build();
        } catch (MemberConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            // The parser's message can quote the document: say only that it is unusable.
            throw new MemberConnectionException(
                    "KubeconfigInvalid",
                    "kubeconfig in Secret "
                            + secret
                            + " cannot be used: "
                            + e.getClass().getSimpleName());
        }
    }

    private String secretName(SecretKeyRef ref) {
        String namespace =
                ref.getNamespace() == null || ref.getNamespace().isBlank()
                        ? operatorNamespace
                        : ref.getNamespace();
        return namespace
                + "/"
                + ref.getName()
                + "["
                + (ref.getKey() == null ? SecretKeyRef.DEFAULT_KEY : ref.getKey())
                + "]";
    }
}

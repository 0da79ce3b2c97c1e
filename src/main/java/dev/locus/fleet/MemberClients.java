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
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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

    /** How a member's API server is reached, as far as its certificate goes. */
    public enum Tls {
        /** Over HTTPS, its certificate checked. */
        VERIFIED,
        /** Over HTTPS without checking its certificate: the Cluster accepted that. */
        INSECURE_ACCEPTED,
        /** Over plain HTTP (test and demo servers). */
        PLAIN_HTTP
    }

    private record Member(KubernetesClient client, String fingerprint, boolean local, Tls tls) {}

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
                replace(name, new Member(hub, "local", true, Tls.VERIFIED));
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
        boolean insecureAccepted = connection.allowsInsecureTls();
        String fingerprint =
                secretName(ref)
                        + "@"
                        + Digests.sha256Hex(kubeconfig)
                        + (insecureAccepted ? "+insecure" : "");
        Member current = members.get(name);
        if (current != null && current.fingerprint().equals(fingerprint)) {
            return current.client();
        }
        Config config = config(kubeconfig, secretName(ref), insecureAccepted);
        Tls tls =
                config.getMasterUrl() != null && config.getMasterUrl().startsWith("http://")
                        ? Tls.PLAIN_HTTP
                        : config.isTrustCerts() ? Tls.INSECURE_ACCEPTED : Tls.VERIFIED;
        KubernetesClient client = build(config);
        replace(name, new Member(client, fingerprint, false, tls));
        LOG.infof(
                "Connected to member cluster %s (kubeconfig from Secret %s)",
                name, secretName(ref));
        return client;
    }

    /** How the cluster's API server is reached, if Locus is connected to it. */
    public Optional<Tls> tls(String cluster) {
        return Optional.ofNullable(members.get(cluster)).map(Member::tls);
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

    /**
     * The client configuration of a kubeconfig, refusing what must not run inside the operator:
     * exec and auth-provider plugins, and, unless the Cluster accepts it, a server whose
     * certificate would not be checked.
     */
    private static Config config(String kubeconfig, String secret, boolean insecureAccepted)
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
            boolean skipsVerification =
                    parsed.getClusters() != null
                            && parsed.getClusters().stream()
                                    .anyMatch(
                                            c ->
                                                    c.getCluster() != null
                                                            && Boolean.TRUE.equals(
                                                                    c.getCluster()
                                                                            .getInsecureSkipTlsVerify()));
            if (skipsVerification && !insecureAccepted) {
                throw new MemberConnectionException(
                        "InsecureKubeconfig",
                        "kubeconfig in Secret "
                                + secret
                                + " sets insecure-skip-tls-verify, so the member's certificate"
                                + " would not be checked; give it certificate-authority-data, or"
                                + " set spec.connection.insecureSkipTLSVerify: true on the"
                                + " Cluster to accept that");
            }
            Config config = Config.fromKubeconfig(kubeconfig);
            if (!insecureAccepted) {
                // Nothing but the Cluster's own consent turns verification off.
                config.setTrustCerts(false);
                config.setDisableHostnameVerification(false);
            }
            config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
            config.setRequestTimeout(REQUEST_TIMEOUT_MS);
            config.setRequestRetryBackoffLimit(1);
            return config;
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

    /**
     * One serialization for every member client. Each KubernetesSerialization has its own Jackson
     * ObjectMapper, which learns every model class it reads (about 3 MB of reflection data for
     * nodes, pods, Jobs, Deployments and Services); one per member made that 100 times over with
     * 100 members, most of the heap of an operator holding 15,000 workloads.
     */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(SERIALIZATION)
                // A watch event larger than one WebSocket frame must not stall a member watch.
                .withHttpClientFactory(
                        new WholeMessageWebSockets(HttpClientUtils.getHttpClientFactory()))
                .build();
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

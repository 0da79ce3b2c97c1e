package dev.locus.install;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;

/** Renders the Helm chart with Helm's own code (helm-java), no helm binary needed. */
public final class Chart {

    public static final Path DIR = Path.of("helm/locus");

    /** The Kubernetes version templates render for (Helm's default is far older). */
    public static final String KUBE_VERSION = "v1.31.0";

    private Chart() {}

    /** {@code helm template <release> helm/locus --namespace <ns> --set k=v ...}. */
    public static String template(String release, String namespace, Map<String, Object> values) {
        TemplateCommand template =
                new Helm(DIR.toAbsolutePath())
                        .template()
                        .withName(release)
                        .withNamespace(namespace)
                        .withKubeVersion(KUBE_VERSION);
        values.forEach(template::set);
        return template.call();
    }
}

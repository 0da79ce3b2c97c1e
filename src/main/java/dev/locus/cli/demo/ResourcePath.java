package dev.locus.cli.demo;

/** {@code /api/v1/...} or {@code /apis/GROUP/VERSION/...}: a resource or collection. */
record ResourcePath(String group, String version, String namespace, String plural, String name) {

    static ResourcePath parse(String path) {
        String[] s = path.substring(1).split("/");
        int at;
        String group;
        if (s.length >= 3 && s[0].equals("api") && s[1].equals("v1")) {
            group = "";
            at = 2;
        } else if (s.length >= 4 && s[0].equals("apis")) {
            group = s[1];
            at = 3;
        } else {
            return null;
        }
        String version = s[at - 1];
        String namespace = null;
        if (s.length - at >= 3 && s[at].equals("namespaces")) {
            namespace = s[at + 1];
            at += 2;
        }
        String plural = s[at];
        String name = s.length > at + 1 ? s[at + 1] : null;
        return new ResourcePath(group, version, namespace, plural, name);
    }
}

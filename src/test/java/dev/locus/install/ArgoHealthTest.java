package dev.locus.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The Argo CD health checks (Lua), run the way Argo CD runs them, on Locus objects. */
class ArgoHealthTest {

    private static final Path HEALTH = Path.of("deploy/gitops/health");

    /** Runs a health script with {@code obj} bound to the object, as Argo CD does. */
    static Map<String, String> health(String script, String objectYaml) throws Exception {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(new ObjectMapper(new YAMLFactory()).readTree(objectYaml)));
        LuaValue result = globals.load(Files.readString(HEALTH.resolve(script))).call();
        return Map.of(
                "status",
                result.get("status").tojstring(),
                "message",
                result.get("message").tojstring());
    }

    private static LuaValue toLua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                table.set(e.getKey(), toLua(e.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
    }

    @ParameterizedTest(name = "TrainingJob {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "status: {} | Progressing",
                "status: {phase: Placed, message: placed} | Progressing",
                "status: {phase: Running, message: running, conditions: [{type: Dispatched, status: 'True', reason: Dispatched}]} | Progressing",
                "status: {phase: Succeeded, message: done} | Healthy",
                "status: {phase: Failed, message: 'BackoffLimitExceeded'} | Degraded",
                "status: {phase: Unschedulable, message: '0/3 pools fit'} | Degraded",
                "status: {phase: Placed, conditions: [{type: Dispatched, status: 'False', reason: NameConflict, message: taken}]} | Degraded"
            })
    void trainingJobHealth(String status, String expected) throws Exception {
        var health = health("trainingjob.lua", "spec: {workers: 2}\n" + status);
        assertThat(health.get("status")).isEqualTo(expected);
        assertThat(health.get("message")).isNotBlank();
    }

    @ParameterizedTest(name = "InferenceEndpoint {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "status: {} | Progressing",
                "status: {phase: Running, readyReplicas: 1} | Progressing",
                "status: {phase: Running, readyReplicas: 3} | Healthy",
                "status: {phase: Unschedulable, message: 'no room'} | Degraded",
                "status: {phase: Running, readyReplicas: 3, conditions: [{type: Dispatched, status: 'False', reason: NameConflict}]} | Degraded"
            })
    void inferenceEndpointHealth(String status, String expected) throws Exception {
        assertThat(health("inferenceendpoint.lua", "spec: {replicas: 3}\n" + status).get("status"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "locus.dev_TrainingJob, trainingjob.lua",
        "locus.dev_InferenceEndpoint, inferenceendpoint.lua"
    })
    void theArgoConfigMapCarriesTheTestedScripts(String kind, String file) throws Exception {
        JsonNode configMap =
                new ObjectMapper(new YAMLFactory())
                        .readTree(Path.of("deploy/gitops/argocd-health-checks.yaml").toFile());
        assertThat(configMap.at("/data/resource.customizations.health." + kind).asText())
                .isEqualTo(Files.readString(HEALTH.resolve(file)));
    }
}

package dev.locus.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Remote object names: deterministic, valid DNS labels, bounded, distinct. The expected names are
 * literal on purpose: a name that changes between versions makes a restarted operator create a
 * second copy next to the one it should adopt.
 */
class NamesTest {

    /** What a Service name (RFC 1035 label) must match. */
    static final Pattern DNS_1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

    @ParameterizedTest(name = "\"{0}\" (max {1}) -> {2}")
    @CsvSource(
            value = {
                "llm, 63, llm",
                "LLM-Pretrain, 63, llm-pretrain",
                "llama-3.1-sft, 63, llama-3-1-sft",
                "3d-unet, 63, w-3d-unet",
                "'', 63, w",
                "-, 63, w",
                "a_b c, 63, a-b-c",
                // At the limit: kept as it is.
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 63, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                // Over it: a prefix cut at a character boundary and a hash of the whole name.
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 63, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-ffe054fe",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 52, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-ffe054fe",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 52, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-7d3e74a0",
                "team.x.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy, 63,"
                        + " team-x-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy-9971f00e"
            })
    void dnsLabel(String name, int max, String expected) {
        assertThat(Names.dnsLabel(name, max)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} parts, max {0} -> {2}")
    @CsvSource({
        "63, chat|fra-1-h100, chat-fra-1-h100",
        "63, cccccccccccccccccccccccccccccccccccccccc|pppppppppppppppppppppppppppppp,"
                + " cccccccccccccccccccccccccccccccccccccccc-ppppppppppppp-0e3275c7",
        // The cut ends in a dash: it goes, rather than leaving "--".
        "20, abcdefghij|klmnopqrstuvw, abcdefghij-a690e054"
    })
    void join(int max, String parts, String expected) {
        assertThat(Names.join(max, parts.split("\\|"))).isEqualTo(expected);
    }

    static Stream<Arguments> awkwardNames() {
        return Stream.of(
                        "x",
                        "0",
                        "9-lives",
                        "UPPER.case.Name",
                        "données-personnelles",
                        "a".repeat(253),
                        "a-".repeat(40) + "b",
                        "a" + "-".repeat(70) + "b",
                        "model.v1.2.3-" + "z".repeat(60),
                        "ends-with-dot.",
                        "__init__")
                .flatMap(n -> Stream.of(Arguments.of(n, 52), Arguments.of(n, 63)));
    }

    @ParameterizedTest(name = "\"{0}\" (max {1})")
    @MethodSource("awkwardNames")
    void everyNameIsAValidBoundedDnsLabelAndTheSameEachTime(String name, int max) {
        String label = Names.dnsLabel(name, max);

        assertThat(label).matches(DNS_1035_LABEL).hasSizeLessThanOrEqualTo(max);
        assertThat(Names.dnsLabel(name, max)).isEqualTo(label);
    }

    @Test
    void distinctNamesGetDistinctLabelsEvenWhereTheyAreCut() {
        List<String> names = new ArrayList<>();
        String longPrefix = "llm-pretrain-europe-west-sovereign-research-team-";
        for (int i = 0; i < 500; i++) {
            names.add("job-" + i);
            names.add(longPrefix + i); // past 52 from i = 100 on, and cut to the same prefix
            names.add(longPrefix + "run-" + i + "-final");
        }
        Set<String> labels = new HashSet<>();
        for (String name : names) {
            labels.add(Names.dnsLabel(name, 52));
        }

        assertThat(labels).hasSize(names.size());
        assertThat(Names.dnsLabel(longPrefix + 100, 52))
                .isNotEqualTo(Names.dnsLabel(longPrefix + 101, 52))
                .startsWith("llm-pretrain-europe-west-sovereign-research")
                .hasSize(52);
    }

    @Test
    void joinIsDistinctForDistinctLongInputs() {
        Set<String> joined = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            joined.add(Names.join(Names.MAX, "endpoint-" + "e".repeat(50), "pool-" + i));
        }
        assertThat(joined).hasSize(200).allSatisfy(n -> assertThat(n).hasSize(Names.MAX));
    }
}

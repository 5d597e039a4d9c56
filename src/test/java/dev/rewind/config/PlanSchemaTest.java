package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rewind.model.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published JSON Schema and the plan loader agree: every example plan passes both, and the mistakes a user makes
 * (a misspelt key, a level that does not exist, a duration in words) are refused by both.
 */
class PlanSchemaTest {
    static final Path SCHEMA = Path.of("src/main/resources/schema/rollback-plan.schema.json");

    static List<Error> schemaErrors(String yaml) throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Files.readString(SCHEMA), InputFormat.JSON);
        return schema.validate(yaml, InputFormat.YAML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/plans/api-v2.1.yaml", "examples/plans/demo-shop.yaml", "examples/plans/annotated.yaml"})
    void everyExamplePassesTheSchemaAndTheLoader(String file) throws Exception {
        assertThat(schemaErrors(Files.readString(Path.of(file)))).isEmpty();
        assertThat(PlanLoader.load(Path.of(file)).phases()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"timeout: 8m|timout: 8m", "certification_level: 3|certification_level: 5", "estimate: 3m|estimate: three minutes",
            "operation_id: op-12345|operation_id: op 12345"})
    void aMistakeIsRefusedByBoth(String change) throws Exception {
        String[] c = change.split("\\|");
        String yaml = Files.readString(Path.of("examples/plans/api-v2.1.yaml")).replace(c[0], c[1]);
        assertThat(schemaErrors(yaml)).as(change).isNotEmpty();
        assertThatThrownBy(() -> new PlanLoader(name -> null).parse("plan.yaml", yaml)).as(change).isInstanceOf(BadInputException.class);
    }
}

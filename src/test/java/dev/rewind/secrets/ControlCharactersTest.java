package dev.rewind.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void namesTheCharacterAndWhereItIsNeverTheValue() {
        assertThat(ControlCharacters.describe("tok-123\n")).isEqualTo("a line feed (U+000A) at its end");
        assertThat(ControlCharacters.describe("\rtok")).isEqualTo("a carriage return (U+000D) at its start");
        assertThat(ControlCharacters.describe("to\0k")).isEqualTo("a NUL character (U+0000) inside it");
        assertThat(ControlCharacters.describe("to\u0085k")).as("C1").isEqualTo("a control character (U+0085) inside it");
        assertThat(ControlCharacters.describe("to\u007fk")).as("DEL").contains("U+007F");
    }

    @Test
    void anOrdinarySecretHasNone() {
        assertThat(ControlCharacters.describe("*:production.a1b2c3 with spaces and ünïcode")).isNull();
    }
}

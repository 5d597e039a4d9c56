package dev.rewind.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlCredentialsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "http://admin:hunter2@shop:8080/health|a user:password@ part",
            "https://ghp_abc@github.com/org/repo|a user@ part (a token in the user name)",
            "http://shop-$version:8080/health?access_token=abc|the query parameter 'access_token'",
            "http://shop/health?v=2&token=abc|the query parameter 'token'",
            "http://shop/health?key=abc|the query parameter 'key'",
            "http://shop/health?X-Amz-Signature=abc|the query parameter 'X-Amz-Signature'",
            "http://shop/cb#access_token=abc|the fragment parameter 'access_token'",
            "postgresql://app:pw@db:5432/shop|a user:password@ part"})
    void findsCredentialsAndSaysWhichWithoutTheirValue(String url, String found) {
        assertThat(UrlCredentials.find(url)).isEqualTo(found).doesNotContain("hunter2", "abc");
    }

    @ParameterizedTest
    @CsvSource({"http://shop-$version.internal:8080/health", "http://shop/health?verbose=1&author=ann", "db:5432", "https://hooks.example.com/x"})
    void urlsWithoutCredentialsPass(String url) {
        assertThat(UrlCredentials.find(url)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "http://admin:hunter2@shop:8080/health?token=abc|http://shop:8080/health",
            "http://shop:8080/health#x|http://shop:8080/health",
            "shop:8080|shop:8080"})
    void stripLeavesSchemeHostPortAndPath(String url, String stripped) {
        assertThat(UrlCredentials.strip(url)).isEqualTo(stripped);
    }
}

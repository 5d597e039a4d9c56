package dev.rewind.bench;

import dev.rewind.config.ConfigLoader;
import dev.rewind.replay.DetectionCurves;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The detection-time plots are well-formed SVG whatever the names hold, with one line per method and panel. */
class CurvePlotTest {

    @Test
    void plotIsWellFormedAndEscapesText() throws Exception {
        DetectionCurves.Method odd = new DetectionCurves.Method("rule <10 s> & \"friends\"", ConfigLoader.defaults().policy());
        List<Duration> times = Arrays.asList(Duration.ofSeconds(4), null, Duration.ofMinutes(3));
        List<List<DetectionCurves.Curve>> panels = List.of(
                List.of(new DetectionCurves.Curve(odd, 5, 2, times)), List.of(new DetectionCurves.Curve(odd, 50, 2, times)));
        List<List<DetectionCurves.Curve>> healthy = List.of(
                List.of(new DetectionCurves.Curve(odd, 5, 1, Arrays.asList(null, null, Duration.ofMinutes(1)))),
                List.of(new DetectionCurves.Curve(odd, 50, 1, Arrays.asList(null, null, null))));
        String svg = CurvePlot.svg("x2 <errors> & more", panels, healthy, Duration.ofMinutes(90));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(svg).contains("rule &lt;10 s&gt; &amp; &quot;friends&quot;").contains("x2 &lt;errors&gt; &amp; more").doesNotContain("<10 s>");
        // two of three caught: each line ends at two thirds of the panel's height above its floor
        String points = doc.getElementsByTagName("polyline").item(0).getAttributes().getNamedItem("points").getNodeValue();
        String[] last = points.substring(points.lastIndexOf(' ') + 1).split(",");
        double floor = CurvePlot.TOP + CurvePlot.PANEL_H;
        assertThat(floor - Double.parseDouble(last[1])).isCloseTo(CurvePlot.PANEL_H * 2 / 3.0, org.assertj.core.api.Assertions.within(0.2));
        assertThat(svg).contains("healthy releases rolled back: ");
    }

    @Test
    void theSequentialTestCatchesAFivefoldRiseAtHighTrafficWithinSeconds() {
        DetectionCurves curves = new DetectionCurves(0.004, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(2), 3, 1);
        List<DetectionCurves.Method> methods = DetectionCurves.methods(ConfigLoader.defaults().policy(), Duration.ofSeconds(2));
        List<DetectionCurves.Curve> cell = curves.run(methods.subList(0, 1), 500, 5);
        assertThat(cell.get(0).caught()).isEqualTo(3);
        assertThat(cell.get(0).quantile(1.0)).isLessThan(Duration.ofSeconds(30));
    }
}

package io.cilicensing.scenarios;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes scenario results as a JUnit XML report, one test case per scenario file, for CI tools. */
public final class JUnitXml {
    private JUnitXml() {}

    public static void write(List<ScenarioResult> results, Path out) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        long failures = results.stream().filter(r -> !r.passed()).count();
        try (OutputStream os = Files.newOutputStream(out)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "scenarios");
            xml.writeAttribute("tests", String.valueOf(results.size()));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            for (ScenarioResult r : results) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "scenarios");
                xml.writeAttribute("name", r.scenario().file());
                if (!r.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", r.differences().size() + " difference(s): " + r.scenario().name());
                    xml.writeCharacters(r.describe());
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}

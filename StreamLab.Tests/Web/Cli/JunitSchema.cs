using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace StreamLab.Tests.Web.Cli;

/// <summary>
/// The JUnit XML structure CI systems read (Ant's JUnit task format as Jenkins and GitLab parse it: testsuites ›
/// testsuite › testcase › failure/error/skipped/system-out/system-err, counts as non-negative integers, time as a
/// decimal, timestamp as xs:dateTime), written down as an XSD so a document is checked by a validating parser, plus the
/// rule those readers rely on that the counts match the cases.
/// </summary>
public static class JunitSchema
{
    private const string Xsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
          <xs:complexType name="outcome">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="message" type="xs:string"/>
                <xs:attribute name="type" type="xs:string"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:element name="testsuites">
            <xs:complexType>
              <xs:sequence><xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
              <xs:attribute name="name" type="xs:string"/>
              <xs:attribute name="tests" type="xs:nonNegativeInteger"/>
              <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
              <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
              <xs:attribute name="time" type="xs:decimal"/>
            </xs:complexType>
          </xs:element>
          <xs:element name="testsuite">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:choice minOccurs="0" maxOccurs="unbounded">
                      <xs:element name="failure" type="outcome"/>
                      <xs:element name="error" type="outcome"/>
                      <xs:element name="skipped" type="outcome"/>
                      <xs:element name="system-out" type="xs:string"/>
                      <xs:element name="system-err" type="xs:string"/>
                    </xs:choice>
                    <xs:attribute name="name" type="xs:string" use="required"/>
                    <xs:attribute name="classname" type="xs:string" use="required"/>
                    <xs:attribute name="time" type="xs:decimal"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:attribute name="name" type="xs:string" use="required"/>
              <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
              <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
              <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
              <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
              <xs:attribute name="time" type="xs:decimal"/>
              <xs:attribute name="timestamp" type="xs:dateTime"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    /// <summary>Parses <paramref name="path"/> with a validating reader; throws on any schema error or count mismatch.</summary>
    public static XDocument Validate(string path)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, XmlReader.Create(new StringReader(Xsd)));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationEventHandler += (_, e) => throw new XmlSchemaValidationException($"{path}:{e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(path, settings);
        var document = XDocument.Load(reader);
        foreach (var suite in document.Root!.Elements("testsuite").Append(document.Root))
        {
            var cases = suite.Name == "testsuites" ? suite.Descendants("testcase").ToList() : suite.Elements("testcase").ToList();
            Check(suite, "tests", cases.Count);
            Check(suite, "failures", cases.Count(c => c.Element("failure") is not null));
        }
        return document;
    }

    private static void Check(XElement element, string attribute, int expected)
    {
        if ((int?)element.Attribute(attribute) is { } n && n != expected)
        {
            throw new XmlSchemaValidationException($"<{element.Name}> says {attribute}=\"{n}\" but holds {expected}");
        }
    }
}

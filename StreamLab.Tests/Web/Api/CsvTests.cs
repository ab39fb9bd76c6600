using StreamLab.Web.Api;
using StreamLab.Web.Reports;

namespace StreamLab.Tests.Web.Api;

public class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tx", "'\tx")]
    public void Quote_TextThatASpreadsheetWouldRun_OpensAsText(string cell, string written) =>
        Assert.Equal(written, Csv.Quote(cell));

    [Theory]
    [InlineData("-0.0048")]
    [InlineData("-12")]
    [InlineData("+1.5e3")]
    [InlineData("burst_on")]
    [InlineData("a-b")]
    public void Quote_NumbersAndPlainText_StayAsTheyAre(string cell) => Assert.Equal(cell, Csv.Quote(cell));

    [Fact]
    public void Table_NeutralisesTextCells_AndKeepsNegativeNumbers()
    {
        var table = new ReportTable("t", ["point", "delta"], [["=1+1", "-0.5"]]);
        Assert.Equal("point,delta\n'=1+1,-0.5\n", Csv.Table(table));
    }
}

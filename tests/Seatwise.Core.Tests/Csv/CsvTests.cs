using Seatwise.Core.Csv;

namespace Seatwise.Core.Tests.Csv;

public sealed class CsvTests
{
    [Theory]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tleading tab")]
    [InlineData("\rleading CR")]
    public void Line_CellThatASpreadsheetWouldRun_IsEscaped_AndReadsBackFaithfully(string value)
    {
        var line = CsvWriter.Line(["id", value]);
        var read = CsvReader.Read(new StringReader(line)).Single().Fields[1];

        Assert.StartsWith("\"'", line.Split(',', 2)[1], StringComparison.Ordinal);
        Assert.Equal(value, CsvWriter.Unguard(read));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a,b")]
    [InlineData("he said \"hi\"")]
    [InlineData("line\r\nbreak")]
    [InlineData("")]
    public void Line_OrdinaryText_RoundTripsUnchanged(string value)
    {
        var read = CsvReader.Read(new StringReader(CsvWriter.Line([value, "end"]))).Single().Fields;

        Assert.Equal([value, "end"], read);
    }

    [Fact]
    public void Read_LinesOfRecords_CountQuotedLineBreaksAndSkipEmptyLines()
    {
        var records = CsvReader.Read(new StringReader("a,b\n\nc,\"d\ne\"\nf,g")).ToList();

        Assert.Equal([1, 3, 5], records.Select(r => r.Line));
        Assert.Equal(["c", "d\ne"], records[1].Fields);
    }

    [Theory]
    [InlineData("id,x\n1,a\"b\n", 2, "a quote inside an unquoted field.")]
    [InlineData("id,x\n1,\"a\"b\n", 2, "text after the closing quote of a quoted field.")]
    [InlineData("id,x\n1,\"never closed\n", 2, "a quoted field that is never closed.")]
    public void Read_MalformedRecord_NamesItsLineAndWhatIsWrong(string text, int line, string reason)
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvReader.Read(new StringReader(text)).ToList());

        Assert.Equal(line, error.Line);
        Assert.Equal(reason, error.Reason);
    }
}

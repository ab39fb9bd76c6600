using System.Buffers.Binary;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Counts a zip's entries from its central directory without building them, so a zip of millions of empty entries is
/// refused before <see cref="System.IO.Compression.ZipArchive"/> reads them all into memory. Walks the central
/// directory from where the end record (or the zip64 one) says it starts, as ZipArchive does, while the headers'
/// signature holds: the count cannot be understated by a lying end record.
/// </summary>
public static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50;
    private const int EndSize = 22;
    private const int EntrySize = 46;

    /// <summary>The number of entries, counting no further than <paramref name="stopAfter"/> + 1; null when no zip end record is found.</summary>
    public static long? CountEntries(Stream zip, int stopAfter)
    {
        if (FindEnd(zip) is not { } end || DirectoryStart(zip, end) is not { } start)
        {
            return null;
        }
        var header = new byte[EntrySize];
        var position = start;
        long count = 0;
        while (count <= stopAfter && ReadAt(zip, position, header) && BinaryPrimitives.ReadUInt32LittleEndian(header) == EntrySignature)
        {
            count++;
            position += EntrySize + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
        }
        return count;
    }

    private static long? FindEnd(Stream zip)
    {
        var tail = (int)Math.Min(zip.Length, EndSize + ushort.MaxValue);
        var bytes = new byte[tail];
        if (!ReadAt(zip, zip.Length - tail, bytes))
        {
            return null;
        }
        for (var i = tail - EndSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == EndSignature)
            {
                return zip.Length - tail + i;
            }
        }
        return null;
    }

    private static long? DirectoryStart(Stream zip, long end)
    {
        var record = new byte[EndSize];
        ReadAt(zip, end, record);
        long start = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(16));
        var locator = new byte[20];
        if (end >= 20 && ReadAt(zip, end - 20, locator) && BinaryPrimitives.ReadUInt32LittleEndian(locator) == Zip64LocatorSignature)
        {
            var zip64End = new byte[56];
            var at = (long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
            if (at < 0 || !ReadAt(zip, at, zip64End) || BinaryPrimitives.ReadUInt32LittleEndian(zip64End) != Zip64EndSignature)
            {
                return null;
            }
            start = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64End.AsSpan(48));
        }
        return start >= 0 && start <= zip.Length ? start : null;
    }

    private static bool ReadAt(Stream zip, long position, byte[] into)
    {
        if (position < 0 || position + into.Length > zip.Length)
        {
            return false;
        }
        zip.Position = position;
        zip.ReadExactly(into);
        return true;
    }
}

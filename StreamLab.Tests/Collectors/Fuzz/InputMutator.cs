using System.Text;
using StreamLab.Core.Import;

namespace StreamLab.Tests.Collectors.Fuzz;

/// <summary>
/// Generates fuzz inputs from seeds (real and generated valid files), deterministically from a seed: byte flips,
/// inserted separators and NULs, deleted and repeated ranges, cut ends, spliced seeds, a line over
/// <see cref="ImportLimits.MaxLineBytes"/>, huge numbers, UTF-16, Latin-1 and invalid UTF-8, and pure garbage.
/// </summary>
internal sealed class InputMutator(IReadOnlyList<byte[]> seeds, int seed)
{
    private static readonly byte[] Interesting = "\0\r\n,\t\"{}=#'\\ -+.eE9xN"u8.ToArray();
    private static readonly string[] Tokens =
        ["NaN", "+Inf", "-Inf", "inf", "9223372036854775807", "-9223372036854775809", "1e309", "0x1F", "", "\"\"", "\"a,b\"",
         "wall_us", "event", "recv_wall_us", "frame_id", "# TYPE x counter", "# EOF", "export ", "STATUS=running", "T0_US=", "{le=\"+Inf\"}"];

    private readonly Random _random = new(seed);

    /// <summary>Which kind of input each <see cref="Next"/> made, for the report.</summary>
    public Dictionary<string, int> Kinds { get; } = [];

    public byte[] Next()
    {
        var roll = _random.Next(100);
        var (kind, bytes) = roll switch
        {
            < 8 => ("garbage", Garbage()),
            < 10 => ("huge line", HugeLine(Pick())),
            < 13 => ("utf-16", Encoding.Convert(Encoding.UTF8, _random.Next(2) == 0 ? Encoding.Unicode : Encoding.BigEndianUnicode, Pick())),
            < 15 => ("latin-1 / invalid utf-8", Latin1(Pick())),
            < 18 => ("seed as is", Pick()),
            _ => ("mutated", Mutate(Pick(), 1 + _random.Next(6))),
        };
        Kinds[kind] = Kinds.GetValueOrDefault(kind) + 1;
        return bytes;
    }

    private byte[] Pick() => seeds[_random.Next(seeds.Count)];

    private byte[] Garbage()
    {
        var bytes = new byte[_random.Next(4096)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] HugeLine(byte[] input)
    {
        var line = new byte[ImportLimits.MaxLineBytes + _random.Next(1, 3 * ImportLimits.MaxLineBytes)];
        Array.Fill(line, (byte)"1x,\t"[_random.Next(4)]);
        var at = _random.Next(input.Length + 1);
        return [.. input.AsSpan(0, at), .. line, .. _random.Next(2) == 0 ? "\n"u8 : ""u8, .. input.AsSpan(at)];
    }

    private byte[] Latin1(byte[] input)
    {
        var bytes = (byte[])input.Clone();
        for (var i = 0; i < 1 + bytes.Length / 50; i++) if (bytes.Length > 0) bytes[_random.Next(bytes.Length)] = (byte)_random.Next(0x80, 0x100);
        return bytes;
    }

    private byte[] Mutate(byte[] input, int times)
    {
        var bytes = new List<byte>(input);
        for (var t = 0; t < times; t++)
        {
            var at = _random.Next(bytes.Count + 1);
            switch (_random.Next(9))
            {
                case 0 when bytes.Count > 0: // flip a byte
                    bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1: // insert a separator, quote, NUL…
                    bytes.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 2 when bytes.Count > 0: // delete a range
                    bytes.RemoveRange(Math.Min(at, bytes.Count - 1), Math.Min(_random.Next(1, 40), bytes.Count - Math.Min(at, bytes.Count - 1)));
                    break;
                case 3 when bytes.Count > 0: // repeat a range (duplicate lines, keys)
                    var start = Math.Min(at, bytes.Count - 1);
                    var range = bytes.GetRange(start, Math.Min(_random.Next(1, 200), bytes.Count - start));
                    for (var r = _random.Next(1, 5); r > 0; r--) bytes.InsertRange(start, range);
                    break;
                case 4: // cut the end (a writer stopped mid-line)
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5: // splice another seed in
                    bytes.InsertRange(at, Pick().Take(_random.Next(300)));
                    break;
                case 6: // a token: special numbers, header names, directives
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                    break;
                case 7: // a byte-order mark
                    bytes.InsertRange(_random.Next(2) == 0 ? 0 : at, _random.Next(2) == 0 ? [0xEF, 0xBB, 0xBF] : [0xFF, 0xFE]);
                    break;
                default: // a long digit run
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'9', _random.Next(20, 400)));
                    break;
            }
        }
        return [.. bytes];
    }
}

using System.Security.Cryptography;
using System.Text;

namespace StreamLab.Core.Storage;

/// <summary>
/// Report slugs and data hashes. A slug is 128 random bits from the OS generator in lower-case RFC 4648 base32
/// (26 characters, no padding): a permalink cannot be guessed or enumerated from another one.
/// </summary>
public static class ReportSlug
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    public const int Length = 26;

    public static string New() => Base32(RandomNumberGenerator.GetBytes(16));

    /// <summary>True for a string that could be a slug (right length and alphabet); says nothing about whether it exists.</summary>
    public static bool IsWellFormed(string? slug) =>
        slug is { Length: Length } && slug.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text: what a report shows so two copies can be compared.</summary>
    public static string Hash(string data) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data)));

    internal static string Base32(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return sb.ToString();
    }
}

using System.Runtime.InteropServices;

namespace StreamLab.Collectors.Import;

/// <summary>
/// What a path names without following a symlink (statx with AT_SYMLINK_NOFOLLOW), so an importer reads regular
/// files only: a symlink could point anywhere (<c>meta.env → /etc/passwd</c>), a device never ends
/// (<c>/dev/zero</c>) and opening a FIFO blocks until someone writes to it. .NET's file APIs cannot tell these apart.
/// </summary>
public static partial class InputFileKind
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int TypeMask = 0xF000; // S_IFMT
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>Why <paramref name="path"/> is not a regular file to read, or null when it is one (or "missing").</summary>
    public static string? Problem(string path, out bool missing)
    {
        missing = false;
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            missing = errno is Enoent or Enotdir;
            return missing ? "missing" : $"cannot be examined (errno {errno})";
        }
        return (buffer.Mode & TypeMask) switch
        {
            0x8000 => null,
            0xA000 => "is a symbolic link; only regular files are read (copy the file in instead)",
            0x4000 => "is a folder, not a file",
            0x1000 => "is a FIFO (named pipe); only regular files are read",
            0xC000 => "is a socket; only regular files are read",
            0x2000 or 0x6000 => "is a device; only regular files are read",
            var other => $"is not a regular file (type 0x{other:X})",
        };
    }

    /// <summary>True when <paramref name="path"/> is a folder itself, not a symlink to one.</summary>
    public static bool IsRealDirectory(string path) =>
        Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, out var buffer) == 0 && (buffer.Mode & TypeMask) == 0x4000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>struct statx: the same layout on every Linux architecture (unlike struct stat); 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
    }
}

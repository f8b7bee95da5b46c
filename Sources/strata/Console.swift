import Foundation

/// Unbuffered output, so a supervising process or test sees each line at once.
enum Console {
    /// Writes a line to standard output.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Rewrites the current line of standard error (progress).
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r" + text).utf8))
    }
}

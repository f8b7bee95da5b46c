import Foundation

#if FUZZING
/// libFuzzer's entry: runs the target named by `STRATA_FUZZ_TARGET` on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntry.target(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
/// Without libFuzzer: `strata-fuzz TARGET FILE…` runs files through a target (to replay a
/// crash or a corpus), and `strata-fuzz --list` names the targets.
@main
enum FuzzReplay {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--list" || arguments.isEmpty {
            print(FuzzTargets.all.keys.sorted().joined(separator: "\n"))
            return
        }
        guard let target = FuzzTargets.all[arguments[0]] else {
            FileHandle.standardError.write(Data("unknown target \(arguments[0]); see --list\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                target(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                count += 1
            }
        }
        print("\(arguments[0]): \(count) inputs, no crash")
    }
}
#endif

/// The target chosen for this process.
enum FuzzEntry {
    static let target: FuzzTargets.Target = {
        let name = ProcessInfo.processInfo.environment["STRATA_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.all[name] else {
            fatalError("Set STRATA_FUZZ_TARGET to one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))")
        }
        return target
    }()
}

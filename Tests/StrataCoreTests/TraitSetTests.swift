import StrataCore
import Testing

@Suite struct TraitSetTests {
    @Test func aLateOlderIdentifyDoesNotOverwriteANewerValue() {
        var traits = TraitSet()
        traits.apply(["city": "Beijing"], at: 2_000)
        traits.apply(["city": "Shanghai", "plan": "free"], at: 1_000)
        #expect(traits.values == ["city": "Beijing", "plan": "free"])
    }

    @Test func nullRemovesAKeyAndAnOlderValueCannotBringItBack() {
        var traits = TraitSet()
        traits.apply(["plan": "pro"], at: 1_000)
        traits.apply(["plan": .null], at: 2_000)
        #expect(traits.values["plan"] == nil)
        traits.apply(["plan": "free"], at: 1_500)
        #expect(traits.values["plan"] == nil)
        traits.apply(["plan": "team"], at: 3_000)
        #expect(traits.values["plan"] == "team")
    }

    @Test func setOnceOnlyFillsKeysNeverSet() {
        var traits = TraitSet()
        traits.apply(["plan": "pro"], at: 1_000)
        traits.applyOnce(["plan": "free", "source": "ad"], at: 2_000)
        #expect(traits.values == ["plan": "pro", "source": "ad"])
    }

    @Test func mergeKeepsTheNewerSettingOfEachKey() {
        var known = TraitSet()
        known.apply(["city": "Beijing", "plan": "pro"], at: 5_000)
        var anonymous = TraitSet()
        anonymous.apply(["city": "Chengdu", "device": "iPhone"], at: 6_000)
        anonymous.apply(["plan": "free"], at: 1_000)
        known.merge(anonymous)
        #expect(known.values == ["city": "Chengdu", "plan": "pro", "device": "iPhone"])
    }
}

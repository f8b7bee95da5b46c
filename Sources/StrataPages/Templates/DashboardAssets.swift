/// The dashboard's one stylesheet and one small script, served from `/app/static/` for an hour
/// with a content hash as their ETag. Nothing is loaded from other hosts and there is no build chain.
public enum DashboardAssets {
    /// The stylesheet: a readable layout that also works at phone width.
    public static let css = #"""
    :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#2f6fde;--danger:#c62828;--ok:#2e7d32}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.55 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;color:var(--ink);background:var(--bg)}
    a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
    .top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.6rem 1.2rem;background:#102a43;color:#fff}
    .top a{color:#d9e2ec}.brand{font-weight:700;font-size:1.1rem;color:#fff!important}
    .areas{display:flex;flex-wrap:wrap;gap:.2rem}.areas a{padding:.3rem .7rem;border-radius:6px}
    .areas a[aria-current]{background:#334e68;color:#fff}
    .who{margin-left:auto;display:flex;gap:1rem;align-items:center}.who small{color:#9fb3c8}
    main{max-width:1280px;margin:0 auto;padding:1rem 1.2rem 3rem}
    h1{font-size:1.5rem;margin:.6rem 0}h2{font-size:1.05rem;margin:0 0 .6rem}
    .lead,.note{color:var(--muted)}
    .tabs{display:flex;flex-wrap:wrap;gap:.3rem;margin:.5rem 0 1rem;border-bottom:1px solid var(--line)}
    .tabs a{padding:.4rem .8rem;border-radius:6px 6px 0 0}.tabs a[aria-current]{background:var(--card);border:1px solid var(--line);border-bottom-color:var(--card);margin-bottom:-1px;color:var(--ink)}
    .sections{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}
    .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.1rem;min-width:0}
    .card.wide{grid-column:1/-1}
    .stats{display:flex;flex-wrap:wrap;gap:1rem 2rem}.stat .label{color:var(--muted);font-size:.85rem}.stat .value{font-size:1.5rem;font-weight:600}.stat .hint{font-size:.8rem;color:var(--muted)}
    .chart{margin:0}.chart svg{max-width:100%;height:auto}
    .table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
    th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
    th{color:var(--muted);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
    .empty{color:var(--muted)}
    .form{display:grid;gap:.7rem;max-width:720px}.inline-form{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.6rem;max-width:none}
    .field{display:grid;gap:.2rem}.field span{font-size:.85rem;color:var(--muted)}.field small{color:var(--muted)}
    input,select,textarea{font:inherit;padding:.4rem .5rem;border:1px solid #cbd2d9;border-radius:6px;background:#fff;min-width:0}
    textarea{width:100%;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
    button{font:inherit;padding:.45rem 1rem;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
    button.danger{background:var(--danger)}button.link{background:none;color:#d9e2ec;padding:0}
    form.inline{display:inline}.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.6rem}
    .notice{padding:.7rem 1rem;border-radius:8px;background:#e3f9e5;border:1px solid #91d8a0;margin:.6rem 0}
    .notice.error{background:#ffeeee;border-color:#f29b9b}.notice p{margin:.3rem 0 0}
    .links a{margin-right:1rem}.pager a{margin-right:.8rem}
    .login{max-width:380px;margin:8vh auto;background:var(--card);padding:1.5rem 2rem;border-radius:12px;border:1px solid var(--line)}
    .preview{font-weight:600}.embedded{overflow-x:auto}
    fieldset.builder{border:1px dashed #cbd2d9;border-radius:8px;padding:.6rem;margin:0;display:grid;gap:.6rem}
    @media (max-width:640px){.chart{overflow-x:auto}.chart svg{min-width:560px}.sections{grid-template-columns:1fr}.who{margin-left:0}main{padding:.6rem}.stat .value{font-size:1.2rem}}
    @media print{.top,.tabs,.actions,form{display:none}body{background:#fff}.card{border:0}}
    """#

    /// The script: confirmation of dangerous buttons and the segment builder's live preview.
    public static let javascript = #"""
    "use strict";
    document.addEventListener("submit", function (e) {
      var f = e.target, q = f.getAttribute("data-confirm");
      if (q && !window.confirm(q)) e.preventDefault();
    });
    document.addEventListener("DOMContentLoaded", function () {
      var rule = document.querySelector("[data-preview] textarea[name=rule]");
      if (!rule) return;
      var box = document.getElementById("rule-preview"), timer = null;
      var url = rule.closest("[data-preview]").getAttribute("data-preview");
      function preview() {
        fetch(url + "?rule=" + encodeURIComponent(rule.value), {credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (j) {
            box.textContent = j.error ? j.error : j.size_text + " — " + j.description;
            box.className = j.error ? "notice error" : "notice preview";
            box.setAttribute("data-size", j.error ? "" : String(j.size));
          });
      }
      rule.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(preview, 300); });
      var add = document.getElementById("add-condition");
      if (add) add.addEventListener("click", function (e) {
        e.preventDefault();
        var f = add.closest("form"), field = f.elements["c_field"].value.trim(), op = f.elements["c_op"].value,
            value = f.elements["c_value"].value.trim();
        if (!field) return;
        var quoted = /^-?[0-9.]+$/.test(value) ? value : JSON.stringify(value), within = value ? " in " + value : "";
        var c = op === "did" ? "did " + field + within : op === "didnot" ? "did not " + field + within
          : op === "segment" ? "in segment " + field : op === "tag" ? "has tag " + field
          : op === "layer" ? "in " + field : op === "exists" ? field + " exists" : field + " " + op + " " + quoted;
        rule.value = rule.value.trim() ? rule.value.trim() + " and " + c : c;
        preview();
      });
      if (rule.value.trim()) preview();
    });
    """#

    /// A short hash of the assets: their ETag.
    public static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (css + javascript).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash % 0xFFFF_FFFF, radix: 16)
    }()
}

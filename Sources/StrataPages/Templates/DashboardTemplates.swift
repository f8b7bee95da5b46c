/// The dashboard's Mustache templates, compiled into the binary so one file runs the product.
/// `layout` is the frame; `page` draws any `Page`; `login` stands alone.
enum DashboardTemplates {
    static let all: [String: String] = ["layout": layout, "page": page, "login": login]

    static let layout = #"""
    <!doctype html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}Strata{{/title}} · Strata</title>
    <link rel="stylesheet" href="/app/static/strata.css">
    <script src="/app/static/strata.js" defer></script>
    </head>
    <body>
    {{#chrome}}
    <header class="top">
      <a class="brand" href="/app">Strata</a>
      <nav class="areas">{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
      <div class="who">
        <a class="lang" href="{{switchLanguage.href}}">{{switchLanguage.label}}</a>
        <span class="user">{{userName}} <small>{{roleLabel}}</small></span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="link" type="submit">{{strings.logout}}</button></form>
      </div>
    </header>
    {{/chrome}}
    <main>
    {{$main}}{{/main}}
    </main>
    </body>
    </html>
    """#

    static let page = #"""
    {{<layout}}
    {{$title}}{{title}}{{/title}}
    {{$main}}
    <h1>{{heading}}</h1>
    {{#lead}}<p class="lead">{{lead}}</p>{{/lead}}
    {{#tabs}}<nav class="tabs">{{#tabs}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/tabs}}</nav>{{/tabs}}
    {{#notice}}<div class="notice{{#isError}} error{{/isError}}" role="{{#isError}}alert{{/isError}}{{^isError}}status{{/isError}}"><strong>{{text}}</strong>{{#detail}}<p>{{detail}}</p>{{/detail}}</div>{{/notice}}
    <div class="sections">
    {{#sections}}
    <section class="card{{#wide}} wide{{/wide}}"{{#anchor}} id="{{anchor}}"{{/anchor}}>
    {{#caption}}<h2>{{caption}}</h2>{{/caption}}
    {{#note}}<p class="note">{{note}}</p>{{/note}}
    {{#stats}}<div class="stats">{{#items}}<div class="stat"><div class="label">{{label}}</div><div class="value">{{value}}</div>{{#hint}}<div class="hint">{{hint}}</div>{{/hint}}</div>{{/items}}</div>{{/stats}}
    {{#svg}}<figure class="chart">{{{svg}}}</figure>{{/svg}}
    {{#form}}<form method="{{#isPost}}post{{/isPost}}{{^isPost}}get{{/isPost}}" action="{{action}}" class="form{{#inline}} inline-form{{/inline}}"{{#formId}} id="{{formId}}"{{/formId}}{{#builder}} data-preview="{{previewURL}}"{{/builder}}>
    {{#isPost}}<input type="hidden" name="_csrf" value="{{chrome.csrf}}">{{/isPost}}
    {{#fields}}{{#isHidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/isHidden}}{{^isHidden}}<label class="field"><span>{{label}}</span>
    {{#isText}}<input type="{{inputType}}" name="{{name}}" value="{{value}}"{{#placeholder}} placeholder="{{placeholder}}"{{/placeholder}}{{#required}} required{{/required}}>{{/isText}}
    {{#isTextarea}}<textarea name="{{name}}" rows="4"{{#placeholder}} placeholder="{{placeholder}}"{{/placeholder}}{{#required}} required{{/required}}>{{value}}</textarea>{{/isTextarea}}
    {{#isSelect}}<select name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}
    {{#isCheckbox}}<input type="checkbox" name="{{name}}" value="true"{{#checked}} checked{{/checked}}>{{/isCheckbox}}
    {{#hint}}<small>{{hint}}</small>{{/hint}}</label>{{/isHidden}}{{/fields}}
    {{#builder}}<fieldset class="builder"><div class="inline-form">
    <label class="field"><span>{{fieldLabel}}</span><input name="c_field" placeholder="{{fieldPlaceholder}}"></label>
    <label class="field"><span>{{operatorLabel}}</span><select name="c_op">{{#operators}}<option value="{{value}}">{{label}}</option>{{/operators}}</select></label>
    <label class="field"><span>{{valueLabel}}</span><input name="c_value" placeholder="{{valuePlaceholder}}"></label>
    <button type="button" id="add-condition">{{addLabel}}</button></div>
    <div id="rule-preview" class="notice preview" aria-live="polite">{{previewHint}}</div></fieldset>{{/builder}}
    <button type="submit">{{submit}}</button>
    </form>{{/form}}
    {{#table}}<div class="table-wrap"><table>
    <thead><tr>{{#headers}}<th>{{.}}</th>{{/headers}}</tr></thead>
    <tbody>{{#rows}}<tr>{{#cells}}<td{{#numeric}} class="num"{{/numeric}}>{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</td>{{/cells}}</tr>{{/rows}}</tbody>
    </table>{{#empty}}<p class="empty">{{empty}}</p>{{/empty}}</div>
    {{^empty(footer)}}<p class="pager">{{#footer}}<a href="{{href}}">{{label}}</a> {{/footer}}</p>{{/empty(footer)}}{{/table}}
    {{#html}}<div class="embedded">{{{html}}}</div>{{/html}}
    {{^empty(actions)}}<div class="actions">{{#actions}}<form method="post" action="{{action}}" class="inline"{{#confirm}} data-confirm="{{confirm}}"{{/confirm}}><input type="hidden" name="_csrf" value="{{chrome.csrf}}">{{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}<button type="submit"{{#danger}} class="danger"{{/danger}}>{{label}}</button></form>{{/actions}}</div>{{/empty(actions)}}
    {{^empty(links)}}<p class="links">{{#links}}<a href="{{href}}">{{label}}</a>{{/links}}</p>{{/empty(links)}}
    </section>
    {{/sections}}
    </div>
    {{/main}}
    {{/layout}}
    """#

    static let login = #"""
    {{<layout}}
    {{$title}}{{title}}{{/title}}
    {{$main}}
    <div class="login">
    <h1>Strata</h1>
    <p class="lead">{{subtitle}}</p>
    {{#error}}<div class="notice error" role="alert"><strong>{{error}}</strong></div>{{/error}}
    <form method="post" action="/login" class="form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="next" value="{{next}}">
    <label class="field"><span>{{emailLabel}}</span><input type="email" name="email" value="{{email}}" autocomplete="username" required autofocus></label>
    <label class="field"><span>{{passwordLabel}}</span><input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit">{{submit}}</button>
    </form>
    <p class="links"><a href="{{switchLanguage.href}}">{{switchLanguage.label}}</a></p>
    </div>
    {{/main}}
    {{/layout}}
    """#
}

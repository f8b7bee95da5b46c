"""The operations dashboard in a real browser: headless Chromium driven by Selenium against
`strata demo` (2,000 generated users) on a free port, in Chinese as the server defaults to.

An admin signs in through the form and lands on 概览 with its charts and figures; builds a
segment with the rule text and the condition builder while the live preview (#rule-preview)
counts, and saves it; reads a funnel and saves a step's drop-offs as a segment; configures the
webhook channel (the generated signing secret is shown once) and sends a campaign created in
the dashboard to webhook_sink.py, where every message arrives once with a valid signature and
the campaign page's 已发送 matches; switches to English and back. A viewer, in a fresh browser,
has no 设置, gets the 403 page in Chinese, and sees e-mail addresses masked. At phone width
(390×844) pages do not scroll sideways.

Every page visited is saved as a PNG under $STRATA_ARTIFACTS (default
.build/artifacts/dashboard under the repository root).

Report tables follow the page's language, and a campaign named in Chinese reaches the receiver
with ASCII-safe (percent-encoded) webhook-id and Idempotency-Key headers that verify.

Needs `selenium` (and `requests`), Chromium and chromedriver (Debian: chromium, chromium-driver);
the driver is started from PATH, so Selenium Manager never goes to the network. The server runs
with quiet hours and the daily cap off so that a campaign sends everything at once.
"""
import base64
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BINARY, ROOT, free_port, server_env, stop_process, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
ARTIFACTS = os.environ.get("STRATA_ARTIFACTS") or os.path.join(ROOT, ".build", "artifacts", "dashboard")
USERS = 2000
ADMIN_EMAIL, ADMIN_PASSWORD = "demo@strata.local", "strata-demo-2026"   # what `strata demo` prints
VIEWER_EMAIL, VIEWER_PASSWORD = "viewer@example.com", "viewer-only-2026"
DEMO_SECRET_KEY = "sk_demo_secret_key"
DESKTOP = (1366, 900)
PHONE = (390, 844)
NAV_ZH = ["概览", "用户", "分层", "分析", "活动", "设置"]
NAV_EN = ["Overview", "Users", "Segments", "Analysis", "Campaigns", "Settings"]
FUNNEL = "/app/analysis/funnel?steps=view_item,add_to_cart,purchase"
AUDIENCE = "沉默高价值"   # one of the demo's segments


# -- the server, the sink and the browsers ------------------------------------------------------

class Demo:
    """`strata demo` on a free port, with helpers for the admin API (the demo's secret key)."""

    def __init__(self, directory):
        self.data_dir = os.path.join(directory, "data")
        self.log_path = os.path.join(directory, "server.log")
        self.port = None
        self.url = None
        self.process = None
        self.log = None

    def run_cli(self, *args, stdin=None):
        return subprocess.run([BINARY, *args, "--data-dir", self.data_dir], input=stdin, capture_output=True,
                              text=True, env=server_env(), timeout=300)

    def start(self, timeout=60):
        if not (os.path.isfile(BINARY) and os.access(BINARY, os.X_OK)):
            raise RuntimeError(f"strata binary not found at {BINARY}; run `swift build` or set STRATA_BIN")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [BINARY, "demo", "--data-dir", self.data_dir, "--users", str(USERS), "--port", str(self.port),
             "--host", "127.0.0.1", "--quiet-hours", "off", "--daily-cap", "off"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=server_env())

        def healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"strata demo exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                return requests.get(self.url + "/health", timeout=1).status_code == 200
            except requests.RequestException:
                return False
        if not wait_for(healthy, timeout=timeout, interval=0.1):
            raise RuntimeError(f"strata demo did not answer /health within {timeout}s:\n{self.log_tail()}")
        return self

    def stop(self):
        stop_process(self.process, self.log)

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:]) or "(no server log)"

    def api(self, method, path, **kwargs):
        return requests.request(method, self.url + path, headers={"Authorization": f"Bearer {DEMO_SECRET_KEY}"},
                                timeout=60, **kwargs)


@pytest.fixture(scope="module")
def demo():
    """The demo data (2,000 users) with a viewer account added by the CLI, served on a free port."""
    directory = tempfile.mkdtemp(prefix="strata-dashboard-")
    server = Demo(directory)
    try:
        made = server.run_cli("demo", "--users", str(USERS), "--no-serve")
        assert made.returncode == 0, made.stdout + made.stderr
        added = server.run_cli("staff", "add", "--email", VIEWER_EMAIL, "--role", "viewer", "--password-stdin",
                               stdin=VIEWER_PASSWORD)
        assert added.returncode == 0, added.stdout + added.stderr
        server.start()
        yield server
    finally:
        server.stop()
        print(f"--- strata demo log (last lines) ---\n{server.log_tail()}")  # shown only on failure
        shutil.rmtree(directory, ignore_errors=True)


def new_browser():
    """Headless Chromium in Chinese, driven through the chromedriver on PATH (never downloaded)."""
    driver_path = shutil.which("chromedriver")
    if not driver_path:
        raise RuntimeError("chromedriver not found on PATH; install chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if binary:
        options.binary_location = binary
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture(scope="module")
def admin(demo):
    """A browser signed in as the demo admin."""
    driver = new_browser()
    try:
        sign_in(driver, demo, ADMIN_EMAIL, ADMIN_PASSWORD)
        assert urllib.parse.urlsplit(driver.current_url).path == "/app", driver.current_url
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def webhook(demo, admin):
    """The webhook channel configured in 设置 → 触达渠道 with a generated signing secret (shown
    once, copied to the sink as an operator would), pointing at webhook_sink.py on loopback."""
    port = free_port()
    hook_url = f"http://127.0.0.1:{port}/hook"
    visit(admin, demo, "/app/settings/channels", "settings-channels")
    form = admin.find_element(By.ID, "webhook-form")
    form.find_element(By.NAME, "url").send_keys(hook_url)
    assert form.find_element(By.NAME, "secret").get_attribute("type") == "password"
    form.find_element(By.NAME, "allow").send_keys("127.0.0.1/32")
    submit(admin, form)
    shot(admin, "settings-channels-secret-shown-once")
    notice = admin.find_element(By.CSS_SELECTOR, ".notice")
    assert "已生成签名密钥" in notice.text, notice.text
    secret = notice.find_element(By.TAG_NAME, "p").text.strip()
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]+=*", secret), secret
    assert len(base64.b64decode(secret[len("whsec_"):])) >= 24, "a signing secret of at least 192 bits"

    # Saved, and never shown again.
    visit(admin, demo, "/app/settings/channels", "settings-channels-saved")
    assert secret not in admin.page_source
    settings = table_rows(admin.find_element(By.CSS_SELECTOR, "table"))
    (row,) = [r for r in settings if r[0] == "Webhook"]
    assert hook_url in row[1] and "127.0.0.1/32" in row[1] and '"secrets_set":1' in row[1], row

    directory = tempfile.mkdtemp(prefix="strata-dashboard-sink-")
    ready = os.path.join(directory, "sink.port")
    sink = subprocess.Popen([sys.executable, os.path.join(HERE, "webhook_sink.py"), "--port", str(port),
                             "--secret", secret, "--ready", ready], stdin=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: os.path.exists(ready) and open(ready).read().strip(), timeout=10), \
            "the webhook sink did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        sink.kill()
        sink.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)


# -- helpers ------------------------------------------------------------------------------------

_shots = [0]


@pytest.fixture(scope="module", autouse=True)
def artifacts():
    """The screenshot folder, emptied of the previous run's screenshots."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    for name in os.listdir(ARTIFACTS):
        if re.fullmatch(r"\d{2}-[a-z0-9-]+\.png", name):
            os.remove(os.path.join(ARTIFACTS, name))
    return ARTIFACTS


def shot(driver, name):
    """Saves a screenshot of the whole page (not just the window) as NN-name.png under ARTIFACTS."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    _shots[0] += 1
    path = os.path.join(ARTIFACTS, f"{_shots[0]:02d}-{name}.png")
    try:
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        # Captured beyond the viewport the page loses its vertical scrollbar, so it is as wide as the window.
        width = max(size["width"], driver.execute_script("return window.innerWidth"))
        clip = {"x": 0, "y": 0, "width": width, "height": min(size["height"], 8000), "scale": 1}
        data = driver.execute_cdp_cmd("Page.captureScreenshot",
                                      {"format": "png", "captureBeyondViewport": True, "clip": clip})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
    except (WebDriverException, KeyError):
        driver.save_screenshot(path)
    return path


def visit(driver, demo, path, name):
    driver.get(demo.url + path)
    shot(driver, name)


def submit(driver, form, button=None):
    """Submits a form with its button and waits for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    (button or form.find_element(By.CSS_SELECTOR, "button[type=submit]")).click()

    def replaced(_):
        # The old page's root is gone. Chromedriver sometimes reports that as an inspector error
        # ("Node with given id does not belong to the document") instead of a stale element.
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise
    WebDriverWait(driver, 30).until(replaced)


def sign_in(driver, demo, email, password):
    driver.get(demo.url + "/app")
    assert urllib.parse.urlsplit(driver.current_url).path == "/login", driver.current_url
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login']"))


def path_of(driver):
    return urllib.parse.unquote(urllib.parse.urlsplit(driver.current_url).path)


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def notices(driver):
    return [n.text for n in driver.find_elements(By.CSS_SELECTOR, ".notice")]


def nav(driver):
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "header nav.areas a")]


def stats(driver):
    """{label: value} of the page's figures."""
    return {s.find_element(By.CSS_SELECTOR, ".label").text: s.find_element(By.CSS_SELECTOR, ".value").text
            for s in driver.find_elements(By.CSS_SELECTOR, ".stat")}


def number(text):
    return int(text.replace(",", "").strip())


def section(driver, title):
    """The card whose heading is `title`."""
    for card in driver.find_elements(By.CSS_SELECTOR, "section.card"):
        if [h.text for h in card.find_elements(By.TAG_NAME, "h2")] == [title]:
            return card
    raise AssertionError(f"no section {title!r} on {driver.current_url}")


def table_headers(table):
    return [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]


def table_rows(table):
    return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]


def session_for(driver, demo):
    """A requests session carrying the browser's cookies (to read status codes)."""
    session = requests.Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    return session


def preview_size(demo, text):
    response = demo.api("POST", "/api/v1/segments/preview", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()["size"]


def wait_for_preview(driver, expected, timeout=15):
    """Waits until #rule-preview (its data-size set by the builder's script) shows `expected`
    users; returns its text."""
    box = driver.find_element(By.ID, "rule-preview")
    try:
        WebDriverWait(driver, timeout).until(lambda _: box.get_attribute("data-size") == str(expected))
    except Exception:
        raise AssertionError(f"the preview shows data-size={box.get_attribute('data-size')!r} ({box.text!r}), "
                             f"the API {expected}") from None
    assert "error" not in (box.get_attribute("class") or ""), box.text
    return box.text


def campaign_state(driver):
    """(status, the variant A row of the results as {header: number})."""
    card = section(driver, "效果")
    table = card.find_element(By.TAG_NAME, "table")
    headers = table_headers(table)
    rows = [r for r in table_rows(table) if r and r[0] == "A"]
    assert len(rows) == 1, table_rows(table)
    counts = {h: number(v) for h, v in zip(headers[1:8], rows[0][1:8])}
    return stats(driver)["状态"], counts


def sink_stats(url):
    return requests.get(url + "/stats", timeout=10).json()


def create_campaign(driver, demo, name, body):
    """Fills 新建活动 (audience: a demo segment, no holdout, variant A on the webhook, once, now)
    and saves it; returns on the campaign's page."""
    visit(driver, demo, "/app/campaigns/new", "campaign-new")
    form = driver.find_element(By.ID, "campaign-form")
    form.find_element(By.NAME, "name").send_keys(name)
    audience = Select(form.find_element(By.NAME, "audience_segment"))
    assert AUDIENCE in [o.get_attribute("value") for o in audience.options]
    audience.select_by_value(AUDIENCE)
    holdout = form.find_element(By.NAME, "holdout")
    holdout.clear()
    holdout.send_keys("0")
    assert form.find_element(By.NAME, "v0_name").get_attribute("value") == "A"
    Select(form.find_element(By.NAME, "v0_channel")).select_by_value("webhook")
    form.find_element(By.NAME, "v0_body").send_keys(body)
    Select(form.find_element(By.NAME, "schedule_type")).select_by_value("once")
    assert form.find_element(By.NAME, "schedule_at").get_attribute("value") == ""
    submit(driver, form)
    shot(driver, "campaign-created")
    assert path_of(driver) == "/app/campaigns/" + name, driver.current_url
    assert heading(driver) == name
    assert "已创建。" in notices(driver), notices(driver)
    status, counts = campaign_state(driver)
    assert status == "草稿", status


def launch_and_wait(driver, demo, name, sink_url, settled):
    """Presses 启动 and reloads the campaign page until `settled(status, counts, sink)` holds."""
    buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, ".actions button") if b.text == "启动"]
    assert len(buttons) == 1, [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".actions button")]
    submit(driver, None, buttons[0])
    assert path_of(driver) == "/app/campaigns/" + name
    assert "已启动。" in notices(driver), notices(driver)
    shot(driver, "campaign-launched")
    state = None
    deadline = time.time() + 60
    while time.time() < deadline:
        driver.get(demo.url + "/app/campaigns/" + urllib.parse.quote(name))
        status, counts = campaign_state(driver)
        state = (status, counts, sink_stats(sink_url))
        if settled(*state):
            break
        time.sleep(0.5)
    shot(driver, "campaign-sent")
    return state


# -- the scenarios ------------------------------------------------------------------------------

def test_sign_in_lands_on_the_overview(demo):
    """The demo prints how to sign in; the form refuses a wrong password in Chinese, then signs
    in and lands on 概览 with its charts and figures."""
    log = demo.log_text()
    assert f"Dashboard:  {demo.url}/app" in log, log
    assert re.search(r"Email:\s+(\S+)", log).group(1) == ADMIN_EMAIL
    assert re.search(r"Password:\s+(\S+)", log).group(1) == ADMIN_PASSWORD

    driver = new_browser()
    try:
        driver.get(demo.url + "/app/segments")
        assert path_of(driver) == "/login"
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        shot(driver, "login")
        driver.find_element(By.NAME, "email").send_keys(ADMIN_EMAIL)
        driver.find_element(By.NAME, "password").send_keys("not-the-password")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login']"))
        shot(driver, "login-wrong-password")
        assert "邮箱或密码不正确，请重试。" in notices(driver), notices(driver)
        assert driver.get_cookie("strata_session") is None
        assert driver.find_element(By.NAME, "email").get_attribute("value") == ADMIN_EMAIL

        # Signed in from the same form, back where the visit started; then to 概览 from the navigation.
        driver.find_element(By.NAME, "password").send_keys(ADMIN_PASSWORD)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login']"))
        assert path_of(driver) == "/app/segments", driver.current_url
        assert heading(driver) == "分层"
        overview = [a for a in driver.find_elements(By.CSS_SELECTOR, "header nav.areas a") if a.text == "概览"]
        assert len(overview) == 1
        submit(driver, None, overview[0])
        shot(driver, "overview")
        assert path_of(driver) == "/app"
        assert driver.title == "概览 · Strata"
        assert heading(driver) == "概览"
        assert nav(driver) == NAV_ZH
        current = driver.find_elements(By.CSS_SELECTOR, "header nav.areas a[aria-current=page]")
        assert [a.text for a in current] == ["概览"]
        session = driver.get_cookie("strata_session")
        assert session and session["httpOnly"], session

        charts = driver.find_elements(By.CSS_SELECTOR, "main svg")
        assert len(charts) > 2, f"{len(charts)} charts"
        for title in ("日活与新增", "每日收入", "生命周期分层", "RFM 价值分层"):
            card = section(driver, title)
            svg = card.find_element(By.TAG_NAME, "svg")
            assert svg.size["width"] > 100 and svg.size["height"] > 50, (title, svg.size)
            assert card.find_elements(By.CSS_SELECTOR, "svg rect, svg path, svg polyline, svg circle"), title

        figures = stats(driver)
        assert number(figures["用户总数"]) == USERS == demo.api("GET", "/api/v1/stats").json()["users"], figures
        for label in ("日活 DAU", "新增用户", "月活 MAU"):
            assert number(figures[label]) > 0, figures
        assert 0 < number(figures["日活 DAU"]) <= number(figures["月活 MAU"]) <= USERS, figures
        assert float(figures["近 30 天收入"].replace(",", "")) > 0, figures
        assert figures["事件总数"], figures
    finally:
        driver.quit()


def test_segment_builder_previews_live_and_saves(demo, admin):
    """Typing a rule shows its live size; a condition from the builder row is appended and the
    preview follows; the saved segment's page has the previewed size."""
    visit(admin, demo, "/app/segments/new", "segment-new")
    assert heading(admin) == "新建分群"
    box = admin.find_element(By.ID, "rule-preview")
    assert not box.get_attribute("data-size")
    rule = admin.find_element(By.NAME, "rule")
    buyers = preview_size(demo, "did purchase in 30d")
    assert buyers > 0
    rule.send_keys("did purchase in 30d")
    text = wait_for_preview(admin, buyers)
    shot(admin, "segment-preview")
    assert text.startswith(f"{buyers:,} 人 — ") and "purchase" in text, text

    # The builder row: city = Shanghai, appended with "and"; the preview runs again.
    combined = 'did purchase in 30d and city = "Shanghai"'
    size = preview_size(demo, combined)
    assert 0 < size < buyers, (size, buyers)
    admin.find_element(By.NAME, "c_field").send_keys("city")
    Select(admin.find_element(By.NAME, "c_op")).select_by_value("=")
    admin.find_element(By.NAME, "c_value").send_keys("Shanghai")
    admin.find_element(By.ID, "add-condition").click()
    assert rule.get_attribute("value") == combined
    text = wait_for_preview(admin, size)
    shot(admin, "segment-preview-with-condition")
    assert text.startswith(f"{size:,} 人 — ") and "Shanghai" in text and "purchase" in text, text

    name = "浏览器-上海买家"
    admin.find_element(By.NAME, "name").send_keys(name)
    admin.find_element(By.NAME, "description").send_keys("Selenium 建的分群")
    submit(admin, admin.find_element(By.ID, "segment-form"))
    shot(admin, "segment-saved")
    assert path_of(admin) == "/app/segments/" + name, admin.current_url
    assert heading(admin) == name
    assert "已保存。" in notices(admin), notices(admin)
    figures = stats(admin)
    assert number(figures["人数"]) == size, figures
    assert figures["负责人"] == ADMIN_EMAIL

    visit(admin, demo, "/app/segments", "segments")
    rows = {r[0]: r for r in table_rows(admin.find_element(By.CSS_SELECTOR, "table"))}
    assert name in rows and number(rows[name][1]) == size, rows.get(name)


def test_funnel_drop_offs_saved_as_a_segment(demo, admin):
    """The funnel is drawn with one bar per step and tabled; step 2's drop-offs saved from the
    page make a segment of exactly that many users."""
    visit(admin, demo, FUNNEL, "funnel")
    assert heading(admin) == "漏斗"
    chart = section(admin, "漏斗").find_element(By.TAG_NAME, "svg")
    bars = chart.find_elements(By.CSS_SELECTOR, "rect.step")
    assert len(bars) == 3, chart.get_attribute("outerHTML")[:500]
    widths = [float(b.get_attribute("width")) for b in bars]
    assert widths[0] > widths[1] > widths[2] > 0, widths

    table = section(admin, "明细").find_element(By.TAG_NAME, "table")
    headers = table_headers(table)
    rows = table_rows(table)
    assert len(rows) == 3, rows
    events = [r[1] for r in rows]
    assert events == ["view_item", "add_to_cart", "purchase"], rows
    users = [number(r[headers.index("人数")]) for r in rows]
    dropped = [number(r[headers.index("流失")]) for r in rows]
    assert users[0] > users[1] > users[2] > 0, users
    assert dropped[1] == users[0] - users[1] and dropped[2] == users[1] - users[2], (users, dropped)

    form = admin.find_element(By.ID, "funnel-save")
    step = Select(form.find_element(By.NAME, "step"))
    step.select_by_value("2")
    assert f"{dropped[1]:,}" in step.first_selected_option.text, step.first_selected_option.text
    name = "浏览器-加购前流失"
    form.find_element(By.NAME, "name").send_keys(name)
    submit(admin, form)
    shot(admin, "funnel-segment")
    assert path_of(admin) == "/app/segments/" + name, admin.current_url
    assert heading(admin) == name
    assert "已保存。" in notices(admin), notices(admin)
    assert number(stats(admin)["人数"]) == dropped[1], (stats(admin), dropped)


def test_funnel_step_filter_typed_in_the_controls(demo, admin):
    """A funnel step with a property filter, typed into the page's controls as the README writes
    it (the GET form sends its spaces as '+'), counts the same users as the API."""
    steps = "view_item(category = books),add_to_cart,purchase"
    expected = demo.api("POST", "/api/v1/reports/funnel", json={"steps": steps, "window": "24h"})
    assert expected.status_code == 200, expected.text
    expected_users = [s["users"] for s in expected.json()["steps"]]
    assert expected_users[0] > 0, expected.json()

    visit(admin, demo, "/app/analysis/funnel", "funnel-controls")
    form = admin.find_element(By.CSS_SELECTOR, "form[action='/app/analysis/funnel'][method=get]")
    field = form.find_element(By.NAME, "steps")
    field.clear()
    field.send_keys(steps)
    submit(admin, form)
    shot(admin, "funnel-with-filter")
    assert not [n for n in notices(admin) if "输入有误" in n], notices(admin)
    table = section(admin, "明细").find_element(By.TAG_NAME, "table")
    headers = table_headers(table)
    users = [number(r[headers.index("人数")]) for r in table_rows(table)]
    assert users == expected_users, (users, expected_users)


def test_report_table_headers_follow_the_language(demo, admin):
    """The funnel's table headers are in the page's language: not the same words in 中文 and English."""
    try:
        visit(admin, demo, FUNNEL, "funnel-zh")
        chinese = table_headers(section(admin, "明细").find_element(By.TAG_NAME, "table"))
        admin.add_cookie({"name": "strata_lang", "value": "en", "path": "/"})
        visit(admin, demo, FUNNEL, "funnel-en")
        english = table_headers(section(admin, "Table").find_element(By.TAG_NAME, "table"))
    finally:
        admin.delete_cookie("strata_lang")
    assert len(chinese) == len(english) == 7, (chinese, english)
    assert [h for h in chinese if h in english] == [], (chinese, english)


def test_webhook_campaign_created_and_launched_in_the_dashboard(demo, admin, webhook):
    """A campaign built in the form to a demo segment, launched with 启动: every member gets one
    signed message at the sink, rendered for them, and the page's 已发送 equals what arrived."""
    members = demo.api("GET", f"/api/v1/segments/{urllib.parse.quote(AUDIENCE)}/export")
    assert members.status_code == 200, members.text
    uids = {row["uid"] for row in csv.DictReader(io.StringIO(members.text))}
    assert len(uids) > 10, len(uids)

    # An ASCII name: see test_webhook_campaign_with_a_chinese_name for a Chinese one.
    name = "browser-webhook"
    create_campaign(admin, demo, name, '{"user": {"uid": "{{user.uid}}"}, "text": "hi {{user.uid}}"}')
    assert stats(admin)["受众分群"] == f"分群 {AUDIENCE}"
    assert stats(admin)["对照组"] == "0.0%"

    before = sink_stats(webhook)
    assert before["received"] == 0, before

    def settled(status, counts, sink):
        return status == "已结束" and counts["已发送"] > 0 and counts["已发送"] == sink["unique"]
    status, counts, sink = launch_and_wait(admin, demo, name, webhook, settled)
    assert status == "已结束", (status, counts, sink)
    assert counts["已发送"] == sink["unique"], (counts, sink)
    assert sink["bad_signatures"] == 0 and sink["duplicates"] == 0 and sink["incomplete"] == 0, sink
    assert counts["目标"] == counts["已发送"] == len(uids), (counts, len(uids))
    assert counts["失败"] == 0 and counts["跳过"] == 0, counts
    # One message per member, each rendered for its own user ({{user.uid}} filled in).
    assert set(sink["users"]) == uids, sorted(set(sink["users"]) ^ uids)[:10]
    assert all(len(ids) == 1 for ids in sink["users"].values()), sink["users"]
    assert all(ids[0].startswith(name + "|") for ids in sink["users"].values())

    visit(admin, demo, "/app/campaigns", "campaigns")
    rows = {r[0]: r for r in table_rows(admin.find_element(By.CSS_SELECTOR, "table"))}
    assert rows[name][1] == "已结束", rows[name]


def test_webhook_campaign_with_a_chinese_name(demo, admin, webhook):
    """The same campaign named in Chinese, as the dashboard's users name theirs (the demo's own
    is 高意向召回), reaches every member with a signature the receiver accepts."""
    name = "浏览器-中文活动"
    create_campaign(admin, demo, name, '{"user": {"uid": "{{user.uid}}"}, "text": "你好 {{user.uid}}"}')
    before = sink_stats(webhook)

    def settled(status, counts, sink):
        return status == "已结束" and counts["已发送"] + counts["失败"] + counts["跳过"] == counts["目标"] > 0
    status, counts, sink = launch_and_wait(admin, demo, name, webhook, settled)
    assert status == "已结束", (status, counts)
    assert sink["bad_signatures"] - before["bad_signatures"] == 0, sink
    assert counts["失败"] == 0, counts
    assert counts["已发送"] == counts["目标"] == sink["unique"] - before["unique"], (counts, sink)


def test_language_switch(demo, admin):
    """The header link switches to English on the same page (html lang="en"); the choice sticks
    across pages, and switching back to 中文 keeps the page and its query."""
    steps = "view_item(category = books),add_to_cart,purchase"
    funnel = "/app/analysis/funnel?" + urllib.parse.urlencode({"steps": steps, "window": "24h"})
    try:
        visit(admin, demo, "/app/segments", "segments-zh")
        assert heading(admin) == "分层" and nav(admin) == NAV_ZH
        link = admin.find_element(By.CSS_SELECTOR, "header a.lang")
        assert link.text == "English"
        submit(admin, None, link)
        shot(admin, "segments-en")
        assert path_of(admin) == "/app/segments"
        assert admin.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert nav(admin) == NAV_EN
        assert heading(admin) == "Segments"
        assert admin.title == "Segments · Strata"
        assert admin.find_element(By.CSS_SELECTOR, "header a.lang").text == "中文"
        assert admin.get_cookie("strata_lang")["value"] == "en"

        # The choice sticks across pages.
        visit(admin, demo, funnel, "funnel-en")
        assert heading(admin) == "Funnel" and nav(admin) == NAV_EN
        rows = table_rows(section(admin, "Table").find_element(By.TAG_NAME, "table"))

        submit(admin, None, admin.find_element(By.CSS_SELECTOR, "header a.lang"))
        shot(admin, "funnel-zh-again")
        assert path_of(admin) == "/app/analysis/funnel"
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(admin.current_url).query)
        assert query.get("steps") == [steps] and query.get("window") == ["24h"], admin.current_url
        assert admin.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        assert nav(admin) == NAV_ZH and heading(admin) == "漏斗"
        assert admin.find_element(By.CSS_SELECTOR, "header a.lang").text == "English"
        assert table_rows(section(admin, "明细").find_element(By.TAG_NAME, "table")) == rows
    finally:
        admin.delete_cookie("strata_lang")


def test_viewer_sees_no_settings_and_masked_personal_data(demo, admin):
    """A viewer in a fresh browser: no 设置 in the navigation, the 403 page in Chinese for
    /app/settings and for the segment editor, and e-mail addresses masked (the admin sees them)."""
    visit(admin, demo, "/app/users/user_1", "profile-admin")
    admin_traits = dict(r[:2] for r in table_rows(section(admin, "用户属性").find_element(By.TAG_NAME, "table")))
    email = admin_traits["email"]
    assert re.fullmatch(r"[^@*]+@[^@]+", email), email

    driver = new_browser()
    try:
        sign_in(driver, demo, VIEWER_EMAIL, VIEWER_PASSWORD)
        shot(driver, "viewer-overview")
        assert path_of(driver) == "/app" and heading(driver) == "概览"
        assert nav(driver) == [n for n in NAV_ZH if n != "设置"]
        assert driver.find_element(By.CSS_SELECTOR, "header .user small").text == "访客"

        session = session_for(driver, demo)
        for path in ("/app/settings", "/app/segments/new"):
            visit(driver, demo, path, "viewer-forbidden" + path.replace("/", "-"))
            assert driver.title == "出错了 · Strata", driver.title
            assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
            assert "您的角色无权执行此操作。" in notices(driver)[0], notices(driver)
            assert "请联系管理员" in notices(driver)[0], notices(driver)
            assert session.get(demo.url + path, timeout=30, allow_redirects=False).status_code == 403

        visit(driver, demo, "/app/users/user_1", "profile-viewer")
        assert heading(driver) == "user_1"
        traits = dict(r[:2] for r in table_rows(section(driver, "用户属性").find_element(By.TAG_NAME, "table")))
        assert "***@" in traits["email"], traits["email"]
        assert traits["email"] != email and email not in driver.page_source
        assert traits["city"] == admin_traits["city"], "only personal traits are masked"
    finally:
        driver.quit()


def test_phone_width_has_no_horizontal_overflow(demo, admin):
    """At 390×844 the overview and the report pages fit the width: tables and charts scroll
    inside their cards (charts keep a readable size), the page itself never scrolls sideways."""
    pages = ["/app", FUNNEL, "/app/analysis/activity", "/app/analysis/retention"]
    problems = []
    try:
        admin.set_window_size(*PHONE)
        inner = admin.execute_script("return window.innerWidth")
        assert inner <= PHONE[0], f"the viewport is {inner}px wide, not a phone's"
        for path in pages:
            admin.get(demo.url + path)
            shot(admin, "phone-" + (path.strip("/").split("?")[0].replace("/", "-") or "app"))
            scroll_width, inner = admin.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            if scroll_width > inner + 1:
                problems.append(f"{path}: scrollWidth {scroll_width} > innerWidth {inner}")
            # A chart wider than the screen must be inside a figure that scrolls, and the figure fits.
            too_wide = admin.execute_script("""
                return Array.from(document.querySelectorAll('figure.chart'))
                    .filter(function (figure) {
                        var svg = figure.querySelector('svg');
                        var scrolls = getComputedStyle(figure).overflowX === 'auto';
                        return figure.getBoundingClientRect().right > window.innerWidth + 1
                            || (svg.getBoundingClientRect().width > figure.clientWidth + 1 && !scrolls);
                    }).length""")
            if too_wide:
                problems.append(f"{path}: {too_wide} charts overflow their card")
            # Chart text stays readable: the SVG is drawn at no less than half its size.
            shrunk = admin.execute_script("""
                return Array.from(document.querySelectorAll('figure.chart svg')).filter(function (svg) {
                    var box = svg.viewBox.baseVal;
                    return box && box.width > 0 && svg.getBoundingClientRect().width < box.width * 0.5;
                }).length""")
            if shrunk:
                problems.append(f"{path}: {shrunk} charts drawn at under half their size")
            if not admin.find_elements(By.CSS_SELECTOR, "figure.chart svg"):
                problems.append(f"{path}: no chart drawn")
    finally:
        admin.set_window_size(*DESKTOP)
    assert not problems, problems

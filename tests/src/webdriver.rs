//! A small W3C WebDriver client: just what the end-to-end tests need, over blocking HTTP.

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use serde_json::{json, Value};

/// The W3C key for element references in responses.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One WebDriver session (one running app).
pub struct Session {
    http: reqwest::blocking::Client,
    base: String,
}

/// An element handle.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Opens a session that launches `binary` with `args`.
    pub fn start(driver_url: &str, binary: &str, args: &[&str]) -> Result<Session> {
        let http = reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build()?;
        let caps = json!({"capabilities": {"alwaysMatch": {
            "webkitgtk:browserOptions": {"binary": binary, "args": args}
        }}});
        let resp: Value = http.post(format!("{driver_url}/session")).json(&caps).send()?.json()?;
        let id = resp["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("WebDriver refused the session: {resp}"))?;
        Ok(Session { http, base: format!("{driver_url}/session/{id}") })
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{}", self.base, path);
        let mut req = self.http.request(method, &url);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp: Value = req.send().with_context(|| format!("WebDriver {path}"))?.json()?;
        if let Some(err) = resp["value"].get("error") {
            bail!("WebDriver {path}: {err}: {}", resp["value"]["message"]);
        }
        Ok(resp["value"].clone())
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn script(&self, js: &str, args: Vec<Value>) -> Result<Value> {
        self.call(reqwest::Method::POST, "/execute/sync", Some(json!({"script": js, "args": args})))
    }

    /// Finds the first element matching a CSS selector, waiting up to `timeout` for it.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self.call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )?;
            // The first match a person could see: antd keeps hidden copies (closed modals,
            // collapsed panels) in the page.
            let ids = found.as_array().into_iter().flatten().filter_map(|e| e[ELEMENT_KEY].as_str());
            for id in ids {
                // React may replace the node between the two calls: a stale element is not an
                // error, only not a match yet.
                let shown = self.call(reqwest::Method::GET, &format!("/element/{id}/displayed"), None);
                match shown {
                    Ok(shown) if shown.as_bool() == Some(true) => return Ok(Element(id.to_string())),
                    Err(err) if !err.to_string().contains("stale element reference") => return Err(err),
                    _ => {}
                }
            }
            if Instant::now() > deadline {
                let _ = self.screenshot(&crate::desktop::screenshot_dir().join("wait-failure.png"));
                bail!("no element matches {css} after {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Finds an element, waiting up to 20 s.
    pub fn find(&self, css: &str) -> Result<Element> {
        self.wait_for(css, Duration::from_secs(20))
    }

    /// Clicks an element. WebDriver scrolls it into view at the edge of the window, where a
    /// sticky footer may cover it; then it is centred and clicked again.
    pub fn click(&self, el: &Element) -> Result<()> {
        let path = format!("/element/{}/click", el.0);
        if self.call(reqwest::Method::POST, &path, Some(json!({}))).is_ok() {
            return Ok(());
        }
        self.script("arguments[0].scrollIntoView({block: 'center'});", vec![json!({ELEMENT_KEY: el.0})])?;
        std::thread::sleep(Duration::from_millis(200));
        if self.call(reqwest::Method::POST, &path, Some(json!({}))).is_ok() {
            return Ok(());
        }
        // Still covered (an invisible layer antd leaves while it animates): click it directly.
        self.script("arguments[0].click();", vec![json!({ELEMENT_KEY: el.0})])?;
        Ok(())
    }

    /// Finds and clicks; on failure leaves a screenshot of what was in the way.
    pub fn click_css(&self, css: &str) -> Result<()> {
        let el = self.find(css)?;
        self.click(&el).map_err(|err| {
            let _ = self.screenshot(&crate::desktop::screenshot_dir().join("click-failure.png"));
            err.context(format!("clicking {css}"))
        })
    }

    /// Opens a select and picks an option. A dropdown left open (the option was clicked by
    /// script, which selects without closing) would float over the page: leaving the select
    /// closes it.
    pub fn choose(&self, select_css: &str, option_css: &str) -> Result<()> {
        self.click_css(select_css)?;
        self.click_css(option_css)?;
        let open = "return [...document.querySelectorAll('.ant-select-dropdown')]\
                    .some(d => !d.classList.contains('ant-select-dropdown-hidden') && d.offsetParent !== null)";
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.script(open, vec![])?.as_bool() == Some(true) {
            if Instant::now() > deadline {
                self.script("document.activeElement && document.activeElement.blur()", vec![])?;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    /// Types text into an element.
    pub fn type_text(&self, el: &Element, text: &str) -> Result<()> {
        self.call(reqwest::Method::POST, &format!("/element/{}/value", el.0), Some(json!({"text": text})))?;
        Ok(())
    }

    /// Replaces an input's value as a person would: select all, delete, type.
    pub fn fill(&self, el: &Element, text: &str) -> Result<()> {
        // Sending keys focuses the element; no click, which a tooltip or toast could intercept.
        self.type_text(el, "\u{E009}a\u{E009}\u{E003}")?;
        self.type_text(el, text)
    }

    /// Finds an input and replaces its value. WebKitWebDriver answers a bare "unknown error"
    /// when React re-rendered the input between finding and typing (seen in CI on Compose's
    /// fields while the template's form settles): the input is found again and refilled.
    pub fn fill_css(&self, css: &str, text: &str) -> Result<()> {
        let el = self.find(css)?;
        if self.fill(&el, text).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(300));
        let el = self.find(css)?;
        self.fill(&el, text).with_context(|| format!("filling {css}"))
    }

    /// An attribute of an element.
    pub fn attribute(&self, el: &Element, name: &str) -> Result<Option<String>> {
        let v = self.call(reqwest::Method::GET, &format!("/element/{}/attribute/{name}", el.0), None)?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Waits until the element matching `css` has `attribute` equal to `value`.
    pub fn wait_for_attribute(
        &self,
        css: &str,
        attribute: &str,
        value: &str,
        timeout: Duration,
    ) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(el) = self.wait_for(css, Duration::from_millis(200)) {
                // React may replace the node between finding and reading it: look again.
                if self.attribute(&el, attribute).ok().flatten().as_deref() == Some(value) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("{css} never had {attribute}={value:?}; the page shows:\n{}", self.page_text()?);
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// The element's visible text.
    pub fn text(&self, el: &Element) -> Result<String> {
        Ok(self
            .call(reqwest::Method::GET, &format!("/element/{}/text", el.0), None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// The visible text of the whole page.
    pub fn page_text(&self) -> Result<String> {
        let v = self.script("return document.body.innerText;", vec![])?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The texts of labels, tags, buttons, headings and menu items that do not fit their box
    /// (cut off, or spilling into the next column), measured in the DOM as the user sees it. A
    /// fixed column's cell is left out: antd's 30 px shadow beside it counts as overflow.
    pub fn cut_labels(&self) -> Result<Vec<String>> {
        let js = "const labels = '.ant-form-item-label > label, .ant-tag, .ant-btn, .ant-menu-title-content, \
                    .ant-table-thead th, .ant-descriptions-item-label, .ant-tabs-tab-btn, .ant-segmented-item-label, \
                    .ant-statistic-title, .ant-radio-button-wrapper, .ant-card-head-title, .ant-checkbox-wrapper';
                  return [...document.querySelectorAll(labels)]
                    .filter(e => !e.matches('[class*=ant-table-cell-fix]'))
                    .filter(e => e.offsetParent !== null && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
                    .map(e => `${e.innerText.trim()} (${e.clientWidth}px for ${e.scrollWidth}px)`);";
        let found = self.script(js, vec![])?;
        Ok(found.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect())
    }

    /// Waits until the page's text contains `needle`.
    pub fn wait_for_text(&self, needle: &str, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.page_text()?;
            if text.contains(needle) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the page never showed {needle:?}; it shows:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Saves a PNG screenshot of the window after letting it repaint.
    pub fn screenshot(&self, path: &std::path::Path) -> Result<()> {
        std::thread::sleep(Duration::from_millis(600));
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None)?;
        let png = base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap_or_default())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png)?;
        Ok(())
    }

    /// Ends the session, which closes the app.
    pub fn close(self) -> Result<()> {
        self.http.delete(&self.base).send()?;
        Ok(())
    }
}

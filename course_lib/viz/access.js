// The course's accessibility layer in JupyterLab (course_lib/viz/access.py says why).
//
// One invisible view per widget app, plus one per notebook from setup_notebook(). Each view
//  - names its app's controls (ipywidgets draws a <label> that is not tied to its slider,
//    menu or text field), marks the readout as a polite live region and puts the model's
//    alt text (computed in the kernel from the figure's data) on the app's <img>;
//  - installs, once per page, an observer that gives every inline figure the alt text the
//    kernel wrote into the PNG's "Description" chunk (JupyterLab's image renderer ignores
//    the output metadata where nbconvert and the course website read it).

function bytesOf(binary) {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

// The "Description" text of a PNG given as a data: URL, or null. Reads the chunks before
// the image data only (text chunks come first), so only the first few kB are decoded.
export function pngDescription(src) {
  if (!src || !src.startsWith("data:image/png;base64,")) return null;
  const b64 = src.slice("data:image/png;base64,".length, "data:image/png;base64,".length + 65536);
  let bin;
  try {
    bin = atob(b64.slice(0, b64.length - (b64.length % 4)));
  } catch (e) {
    return null;
  }
  let p = 8; // after the signature
  while (p + 8 <= bin.length) {
    const len = ((bin.charCodeAt(p) << 24) | (bin.charCodeAt(p + 1) << 16)
      | (bin.charCodeAt(p + 2) << 8) | bin.charCodeAt(p + 3)) >>> 0;
    const type = bin.slice(p + 4, p + 8);
    if (type === "IDAT" || type === "IEND" || p + 12 + len > bin.length) break;
    const data = bin.slice(p + 8, p + 8 + len);
    const z = data.indexOf("\0");
    if (z > 0 && data.slice(0, z) === "Description") {
      if (type === "tEXt") return data.slice(z + 1); // Latin-1: one byte, one character
      if (type === "iTXt" && data.charCodeAt(z + 1) === 0) { // uncompressed UTF-8
        let q = data.indexOf("\0", z + 3); // after the language tag
        q = data.indexOf("\0", q + 1); // after the translated keyword
        return new TextDecoder("utf-8").decode(bytesOf(data.slice(q + 1)));
      }
    }
    p += 12 + len;
  }
  return null;
}

function describeImage(img) {
  if (img.hasAttribute("alt")) return;
  const text = pngDescription(img.getAttribute("src"));
  if (text) img.setAttribute("alt", text);
}

function watchFigures() {
  if (window.__courseFigureAlt) return;
  window.__courseFigureAlt = true;
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.tagName === "IMG") describeImage(node);
    else node.querySelectorAll(".jp-RenderedImage img").forEach(describeImage);
  };
  scan(document.body);
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === "attributes") describeImage(m.target);
      else m.addedNodes.forEach(scan);
    }
  }).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["src"],
  });
}

const FIELDS = "input, select, textarea, [role=slider], .widget-readout, [contenteditable=true]";

// Names and hints (tooltips) for an app's controls (marked "course-control" by the kernel, with the parameter in a
// "course-param-<name>" class): the visible label, else the name the kernel sent.
function nameControls(app, names, hints) {
  app.querySelectorAll(".course-control").forEach((control) => {
    const label = control.querySelector(":scope > label.widget-label");
    let name = label ? label.textContent.trim() : "";
    if (!name) {
      const key = [...control.classList].find((c) => c.startsWith("course-param-"));
      name = (key && names[key.slice("course-param-".length)]) || "";
    }
    const param = [...control.classList].find((c) => c.startsWith("course-param-"));
    const hint = (param && hints[param.slice("course-param-".length)]) || "";
    // the control's tooltip (ipywidgets drops it from a labelled menu): hover and speech
    if ((control.getAttribute("title") || "") !== hint) {
      if (hint) control.setAttribute("title", hint);
      else control.removeAttribute("title");
    }
    if (!name) return;
    control.querySelectorAll(FIELDS).forEach((field) => {
      if ((field.getAttribute("aria-description") || "") !== hint) {
        if (hint) field.setAttribute("aria-description", hint);
        else field.removeAttribute("aria-description");
      }
      const full = field.classList.contains("widget-readout") ? `${name} value` : name;
      if (field.getAttribute("aria-label") !== full) field.setAttribute("aria-label", full);
    });
    if (control.classList.contains("widget-toggle-buttons")
        && control.getAttribute("aria-label") !== name) {
      control.setAttribute("role", "group");
      control.setAttribute("aria-label", name);
    }
  });
}

function render({ model, el }) {
  watchFigures();
  let app = null;
  const apply = () => {
    if (!app) return;
    const img = app.querySelector("img.course-figure");
    const alt = model.get("alt");
    if (img && alt && img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
    const readout = app.querySelector(".course-readout");
    if (readout && readout.getAttribute("aria-live") !== "polite") {
      readout.setAttribute("role", "status");
      readout.setAttribute("aria-live", "polite");
      readout.setAttribute("aria-atomic", "true");
    }
    nameControls(app, model.get("names") || {}, model.get("hints") || {});
    // buttons that show only an icon (a Play widget's): named after the icon
    app.querySelectorAll("button").forEach((button) => {
      if (button.textContent.trim() || button.hasAttribute("aria-label")) return;
      const icon = button.querySelector("i");
      const kind = icon && [...icon.classList].find((c) => c.startsWith("fa-"));
      const word = { "fa-play": "play", "fa-pause": "pause", "fa-stop": "stop",
        "fa-retweet": "repeat", "fa-repeat": "repeat" }[kind] || "button";
      button.setAttribute("aria-label", word);
    });
  };
  let observer = null;
  const attach = (tries) => {
    app = el.closest(".course-app");
    if (!app) {
      if (tries > 0) setTimeout(() => attach(tries - 1), 50);
      return;
    }
    apply();
    observer = new MutationObserver(apply);
    observer.observe(app, { childList: true, subtree: true });
  };
  attach(200);
  model.on("change:alt", apply);
  model.on("change:hints", apply);
  return () => {
    model.off("change:alt", apply);
    model.off("change:hints", apply);
    if (observer) observer.disconnect();
  };
}

export default { render };

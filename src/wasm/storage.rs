//! Model storage in the browser (cargo feature `storage`, in `rivulet/full`): `model.save(url)`,
//! `Model.load(url)`, `Model.list_models()` and `Model.remove_model(url)` for
//! `localstorage://NAME` and `indexeddb://NAME`, through web-sys. docs/npm-package.md,
//! "Storage", has the design; in short:
//!
//! - One save is one text: a header line (`format`, `version`, `saved_at`, `n_learned`, the
//!   model text's `bytes` and FNV-1a 64 checksum), a newline, then `serialize()`'s text. A
//!   truncated or edited save is detected before the model is parsed.
//! - localStorage: the text under the one key `rivulet_models/NAME`. `setItem` stores the whole
//!   value or throws (leaving the old one), so the write is the atomic switch; a temp key plus
//!   a pointer would need room for two copies at once and halve the largest model that fits.
//! - IndexedDB: database `rivulet_models`, store `models` (NAME → the text) and store `info`
//!   (NAME → the header line, for `list_models` without reading every model), both written in
//!   one readwrite transaction: it commits whole or not at all (an abort, a reload, a full
//!   quota or a crash before the commit leave the previous save).
//! - Storage format 1 is a bare `serialize()` text (what the package README showed before
//!   `save()`: `localStorage.setItem("model", model.serialize())`); it loads with a warning
//!   saying so, and the next `save()` writes format 2. Nothing is rewritten on load.
//! - Errors are `Error`s named `StorageError` with a `code` (TS `StorageErrorCode`), the `url`,
//!   and for `quota` the `bytes_needed`; loading a bad save changes nothing.
//!
//! web-sys makes every call; IndexedDB reports through events, which a few lines of inline JS
//! turn into Promises (a wasm-bindgen `Closure` per request would have to be kept alive until
//! one of its events fires and freed by hand afterwards).

use super::interop::js_f64;
use super::model::JsModel;
use crate::learn::json::{obj, parse_with, Json};
use crate::learn::{self, LearnError};
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{IdbDatabase, IdbFactory, IdbObjectStore, IdbTransactionMode, Storage};

/// The `format` of a save's header line.
const STORE_FORMAT: &str = "rivulet-saved-model";
/// The storage format this build writes (1: a bare `serialize()` text, read and migrated).
const STORE_VERSION: u64 = 2;
/// localStorage keys of saves: `rivulet_models/NAME`.
const LOCAL_PREFIX: &str = "rivulet_models/";
/// The IndexedDB database and its two object stores.
const IDB_NAME: &str = "rivulet_models";
const IDB_MODELS: &str = "models";
const IDB_INFO: &str = "info";

#[wasm_bindgen(inline_js = r#"
// IndexedDB's events as Promises (see src/wasm/storage.rs for why this is JS).
export function rv_idb_open(factory, name, stores) {
  return new Promise((ok, no) => {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => {
      for (const s of stores) if (!req.result.objectStoreNames.contains(s)) req.result.createObjectStore(s);
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close();
      ok(db);
    };
    req.onerror = () => no(req.error);
  });
}
export function rv_idb_request(req) {
  return new Promise((ok, no) => {
    req.onsuccess = () => ok(req.result);
    req.onerror = () => no(req.error);
  });
}
export function rv_idb_done(tx) {
  return new Promise((ok, no) => {
    tx.oncomplete = () => ok();
    tx.onabort = () => no(tx.error ?? new DOMException("the transaction was aborted", "AbortError"));
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn rv_idb_open(factory: &IdbFactory, name: &str, stores: &Array) -> Result<Promise, JsValue>;
    fn rv_idb_request(req: &web_sys::IdbRequest) -> Promise;
    fn rv_idb_done(tx: &web_sys::IdbTransaction) -> Promise;
}

#[derive(Clone, Copy, PartialEq)]
enum Backend {
    Local,
    Idb,
}

/// A parsed `scheme://NAME`.
struct Target {
    backend: Backend,
    name: String,
    /// The URL as given, scheme lowercased (used in every message).
    url: String,
}

/// A `StorageError`: an `Error` with `name`, `code` and `url` (and `bytes_needed` for `quota`).
fn storage_error(code: &str, url: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(&format!("{url}: {message}"));
    e.set_name("StorageError");
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    let _ = Reflect::set(&e, &"url".into(), &url.into());
    e.into()
}

/// The `name` and `message` of a DOMException (or any thrown value), for messages.
fn describe(e: &JsValue) -> (String, String) {
    let field = |k: &str| {
        Reflect::get(e, &k.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let (name, message) = (field("name"), field("message"));
    if name.is_empty() && message.is_empty() {
        return (String::new(), e.as_string().unwrap_or_default());
    }
    (name, message)
}

/// A failure of the browser's storage that is not a full quota.
fn backend_error(url: &str, e: &JsValue) -> JsValue {
    let (name, message) = describe(e);
    storage_error(
        "backend",
        url,
        &format!("the browser's storage failed ({name}: {message}); nothing was changed"),
    )
}

fn is_quota(e: &JsValue) -> bool {
    let (name, _) = describe(e);
    name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED"
}

fn quota_error(url: &str, bytes: usize, backend: Backend) -> JsValue {
    let hint = match backend {
        Backend::Local => "; localStorage holds 5-10 MB per site, indexeddb:// holds far more",
        Backend::Idb => "",
    };
    let e = storage_error(
        "quota",
        url,
        &format!(
            "the storage quota is full: this save needs {bytes} bytes. The previous save at \
             {url} is kept; free space (Model.remove_model, or other site data){hint}"
        ),
    );
    let _ = Reflect::set(&e, &"bytes_needed".into(), &(bytes as f64).into());
    e
}

fn parse_target(url: &JsValue) -> Result<Target, JsValue> {
    let text = url.as_string().unwrap_or_default();
    let bad = || {
        storage_error(
            "bad_url",
            &text,
            "expected 'localstorage://NAME' or 'indexeddb://NAME' (NAME not empty)",
        )
    };
    // By hand rather than `split_once("://")`: a substring search costs ~3 KB of wasm.
    // (`get`, not `split_at` or `[..]`: no slicing panic and its ~4 KB of formatting.)
    let colon = text.find(':').ok_or_else(bad)?;
    let scheme = text.get(..colon).unwrap_or_default();
    let name = text
        .get(colon..)
        .and_then(|r| r.strip_prefix("://"))
        .ok_or_else(bad)?;
    let backend = match scheme.to_ascii_lowercase().as_str() {
        "localstorage" => Backend::Local,
        "indexeddb" => Backend::Idb,
        _ => return Err(bad()),
    };
    if name.is_empty() {
        return Err(bad());
    }
    Ok(Target {
        backend,
        url: format!("{}://{name}", scheme.to_ascii_lowercase()),
        name: name.to_string(),
    })
}

/// A global of this environment (`localStorage`, `indexedDB`), or why there is none.
fn global(url: &str, what: &str) -> Result<JsValue, JsValue> {
    let unavailable = |why: &str| {
        storage_error(
            "unavailable",
            url,
            &format!(
                "{what} is not available in this environment{why} (browser pages have it; \
                 Node.js does not: use serialize() and Model.deserialize() there)"
            ),
        )
    };
    match Reflect::get(&js_sys::global(), &what.into()) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(unavailable("")),
        // The getter throws where the site's storage is blocked (SecurityError).
        Err(e) => Err(unavailable(&format!(" ({})", describe(&e).1))),
    }
}

fn local_storage(url: &str) -> Result<Storage, JsValue> {
    Ok(global(url, "localStorage")?.unchecked_into())
}

fn fnv1a64(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The header line of a save of `model` (its `serialize()` text).
fn header_line(model: &str, n_learned: u64) -> String {
    obj([
        ("format", STORE_FORMAT.into()),
        ("version", STORE_VERSION.into()),
        ("saved_at", (js_sys::Date::now() as u64).into()),
        ("n_learned", n_learned.into()),
        ("bytes", model.len().into()),
        (
            "fnv1a64",
            format!("{:016x}", fnv1a64(model)).as_str().into(),
        ),
    ])
    .to_text()
    .unwrap_or_default()
}

/// A save's header line parsed (None: not a format-2 header).
struct Header {
    version: u64,
    saved_at: u64,
    n_learned: u64,
    bytes: u64,
    checksum: String,
}

fn parse_header(line: &str) -> Option<Result<Header, String>> {
    let h = parse_with(line, &js_f64).ok()?;
    if !matches!(h.get("format"), Some(Json::Str(f)) if f == STORE_FORMAT) {
        return None;
    }
    let num = |k: &str| match h.get(k) {
        Some(&Json::U64(v)) => Ok(v),
        _ => Err(format!("its header has no valid `{k}`")),
    };
    let read = || {
        Ok(Header {
            version: num("version")?,
            saved_at: num("saved_at")?,
            n_learned: num("n_learned")?,
            bytes: num("bytes")?,
            checksum: match h.get("fnv1a64") {
                Some(Json::Str(s)) => s.clone(),
                _ => return Err("its header has no valid `fnv1a64`".to_string()),
            },
        })
    };
    Some(read())
}

/// The model in a saved text (format 2, or a bare format-1 `serialize()` text, migrated with
/// a warning). `where_old`: where a format-1 text was found, for the warning.
fn model_from_saved(url: &str, text: &str, where_old: &str) -> Result<JsModel, JsValue> {
    let corrupt = |why: &str| {
        storage_error(
            "corrupt",
            url,
            &format!("the save cannot be read: {why}. Nothing was changed; a save() to this URL replaces it"),
        )
    };
    let load = |model: &str| {
        learn::Model::from_json_with(model, &js_f64).map_err(|e| {
            let why = e.to_string();
            if matches!(e, LearnError::BadState(ref m) if m.starts_with("version ") && m.as_bytes().windows(6).any(|w| w == b"newer "))
            {
                storage_error("newer_version", url, &format!("{why}; nothing was changed"))
            } else {
                corrupt(&format!("the model does not load ({why})"))
            }
        })
    };
    let (line, body) = text.split_once('\n').unwrap_or((text, ""));
    let Some(header) = parse_header(line) else {
        // Format 1: `serialize()`'s text as it is (one JSON object, no header).
        if !text.starts_with("{\"format\":\"rivulet-model\"") {
            return Err(corrupt(
                "it is neither a rivulet save nor a model's serialize() text",
            ));
        }
        let model = load(text)?;
        web_sys::console::warn_1(&JsValue::from_str(&format!(
            "rivulet: {url}: loaded a save in the old storage format 1 (a bare serialize() \
             text{where_old}); save() writes format {STORE_VERSION} (a header with size and \
             checksum, so damage is detected). Nothing was rewritten."
        )));
        return Ok(JsModel::wrap(model));
    };
    let header = header.map_err(|why| corrupt(&why))?;
    if header.version > STORE_VERSION {
        return Err(storage_error(
            "newer_version",
            url,
            &format!(
                "saved by a newer rivulet (storage format {}; this one reads up to {STORE_VERSION}); nothing was changed",
                header.version
            ),
        ));
    }
    if header.version != STORE_VERSION {
        return Err(corrupt(&format!(
            "its header says storage format {}, which has no header",
            header.version
        )));
    }
    if header.bytes != body.len() as u64 {
        return Err(corrupt(&format!(
            "it is truncated or was changed: its header says {} bytes of model, {} are there",
            header.bytes,
            body.len()
        )));
    }
    if header.checksum != format!("{:016x}", fnv1a64(body)) {
        return Err(corrupt(
            "its checksum does not match its model text (the text was changed after saving)",
        ));
    }
    Ok(JsModel::wrap(load(body)?))
}

/// `{ url, bytes, saved_at?, n_learned?, format_version? }` of a save, from its header line
/// (only `url` and `bytes` when the header cannot be read: `load` says why).
fn info(url: &str, bytes: usize, header_text: &str) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &k.into(), &v);
    };
    set("url", url.into());
    set("bytes", (bytes as f64).into());
    if let Some(Ok(h)) = parse_header(header_text) {
        set("saved_at", (h.saved_at as f64).into());
        set("n_learned", (h.n_learned as f64).into());
        set("format_version", (h.version as f64).into());
    } else if header_text.starts_with("{\"format\":\"rivulet-model\"") {
        set("format_version", 1.into());
    }
    o.into()
}

async fn open_db(url: &str) -> Result<IdbDatabase, JsValue> {
    let factory: IdbFactory = global(url, "indexedDB")?.unchecked_into();
    let stores = Array::of2(&IDB_MODELS.into(), &IDB_INFO.into());
    let open = rv_idb_open(&factory, IDB_NAME, &stores).map_err(|e| backend_error(url, &e))?;
    let db = JsFuture::from(open)
        .await
        .map_err(|e| backend_error(url, &e))?;
    Ok(db.unchecked_into())
}

/// Runs `f` on a transaction over both stores of a fresh connection, then closes it. An error
/// that is not already a `StorageError` becomes a `backend` one.
async fn with_db<T, F>(url: &str, mode: IdbTransactionMode, f: F) -> Result<T, JsValue>
where
    F: AsyncFnOnce(&web_sys::IdbTransaction) -> Result<T, JsValue>,
{
    let db = open_db(url).await?;
    let stores = Array::of2(&IDB_MODELS.into(), &IDB_INFO.into());
    let r = match db.transaction_with_str_sequence_and_mode(&stores, mode) {
        Ok(tx) => f(&tx).await,
        Err(e) => Err(e),
    };
    db.close();
    r.map_err(|e| {
        if describe(&e).0 == "StorageError" {
            e
        } else {
            backend_error(url, &e)
        }
    })
}

fn store(tx: &web_sys::IdbTransaction, name: &str) -> Result<IdbObjectStore, JsValue> {
    tx.object_store(name)
}

async fn request(req: Result<web_sys::IdbRequest, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(rv_idb_request(&req?)).await
}

async fn save_to(target: Target, text: String) -> Result<JsValue, JsValue> {
    let Target { backend, name, url } = target;
    let header = text.split_once('\n').map_or("", |(h, _)| h).to_string();
    let bytes = text.len();
    match backend {
        Backend::Local => {
            let storage = local_storage(&url)?;
            // All or nothing: on a full quota setItem throws and the old value stays.
            storage
                .set_item(&format!("{LOCAL_PREFIX}{name}"), &text)
                .map_err(|e| {
                    if is_quota(&e) {
                        quota_error(&url, bytes, backend)
                    } else {
                        backend_error(&url, &e)
                    }
                })?;
        }
        Backend::Idb => {
            with_db(&url, IdbTransactionMode::Readwrite, async |tx| {
                let done = JsFuture::from(rv_idb_done(tx));
                let key = JsValue::from_str(&name);
                let put = store(tx, IDB_MODELS)
                    .and_then(|s| s.put_with_key(&text.as_str().into(), &key))
                    .and_then(|_| store(tx, IDB_INFO))
                    .and_then(|s| s.put_with_key(&header.as_str().into(), &key));
                if let Err(e) = put {
                    // Neither store changes: an aborted transaction writes nothing.
                    let _ = tx.abort();
                    return Err(backend_error(&url, &e));
                }
                done.await.map_err(|e| {
                    if is_quota(&e) {
                        quota_error(&url, bytes, backend)
                    } else {
                        backend_error(&url, &e)
                    }
                })
            })
            .await?;
        }
    }
    Ok(info(&url, bytes, &header))
}

async fn load_from(target: Target) -> Result<JsValue, JsValue> {
    let Target { backend, name, url } = target;
    let not_found = || storage_error("not_found", &url, "no model is saved there");
    let model = match backend {
        Backend::Local => {
            let storage = local_storage(&url)?;
            let read = |key: &str| storage.get_item(key).map_err(|e| backend_error(&url, &e));
            match read(&format!("{LOCAL_PREFIX}{name}"))? {
                Some(text) => model_from_saved(&url, &text, "")?,
                // Format 1 as the README showed it: `localStorage.setItem(NAME, serialize())`.
                None => match read(&name)? {
                    Some(text) if text.starts_with("{\"format\":\"rivulet-model\"") => {
                        model_from_saved(&url, &text, &format!(" under localStorage key '{name}'"))?
                    }
                    _ => return Err(not_found()),
                },
            }
        }
        Backend::Idb => {
            let value = with_db(&url, IdbTransactionMode::Readonly, async |tx| {
                request(store(tx, IDB_MODELS).and_then(|s| s.get(&name.as_str().into()))).await
            })
            .await?;
            if value.is_undefined() {
                return Err(not_found());
            }
            let text = value.as_string().ok_or_else(|| {
                storage_error(
                    "corrupt",
                    &url,
                    "the save cannot be read: it is not text. Nothing was changed; a save() to this URL replaces it",
                )
            })?;
            model_from_saved(&url, &text, "")?
        }
    };
    Ok(model.into())
}

async fn list_all() -> Result<JsValue, JsValue> {
    let out = Array::new();
    let mut available = false;
    if let Ok(storage) = local_storage("localstorage://") {
        available = true;
        let fail = |e: JsValue| backend_error("localstorage://", &e);
        // Sorted by JS's sort (UTF-16 order, as IndexedDB's keys), not Rust's (~5 KB of wasm).
        let keys = Array::new();
        for i in 0..storage.length().map_err(fail)? {
            if let Some(key) = storage.key(i).map_err(fail)? {
                if key.starts_with(LOCAL_PREFIX) {
                    keys.push(&key.into());
                }
            }
        }
        for key in keys.sort().iter() {
            let key = key.as_string().unwrap_or_default();
            let name = key.get(LOCAL_PREFIX.len()..).unwrap_or_default();
            if let Some(text) = storage.get_item(&key).map_err(fail)? {
                let line = text.split_once('\n').map_or(text.as_str(), |(h, _)| h);
                out.push(&info(&format!("localstorage://{name}"), text.len(), line));
            }
        }
    }
    if global("indexeddb://", "indexedDB").is_ok() {
        available = true;
        let url = "indexeddb://";
        let (keys, headers) = with_db(url, IdbTransactionMode::Readonly, async |tx| {
            let info = store(tx, IDB_INFO)?;
            let keys = request(info.get_all_keys()).await?;
            let headers = request(info.get_all()).await?;
            Ok((Array::from(&keys), Array::from(&headers)))
        })
        .await?;
        for (key, header) in keys.iter().zip(headers.iter()) {
            let (name, header) = (key.as_string().unwrap_or_default(), header.as_string());
            let header = header.unwrap_or_default();
            let bytes = parse_header(&header)
                .and_then(Result::ok)
                .map_or(0, |h| h.bytes as usize);
            // `bytes` is the whole save's: the header, its newline and the model text.
            let bytes = if bytes > 0 {
                bytes + header.len() + 1
            } else {
                0
            };
            out.push(&info(&format!("indexeddb://{name}"), bytes, &header));
        }
    }
    if !available {
        return Err(storage_error(
            "unavailable",
            "Model.list_models()",
            "neither localStorage nor indexedDB is available in this environment (browser \
             pages have them; Node.js does not: use serialize() and Model.deserialize() there)",
        ));
    }
    Ok(out.into())
}

async fn remove_at(target: Target) -> Result<JsValue, JsValue> {
    let Target { backend, name, url } = target;
    let existed = match backend {
        Backend::Local => {
            let storage = local_storage(&url)?;
            let key = format!("{LOCAL_PREFIX}{name}");
            let fail = |e: JsValue| backend_error(&url, &e);
            let existed = storage.get_item(&key).map_err(fail)?.is_some();
            storage.remove_item(&key).map_err(fail)?;
            existed
        }
        Backend::Idb => {
            with_db(&url, IdbTransactionMode::Readwrite, async |tx| {
                let done = JsFuture::from(rv_idb_done(tx));
                let key = JsValue::from_str(&name);
                let models = store(tx, IDB_MODELS)?;
                let count = models.count_with_key(&key)?;
                models.delete(&key)?;
                store(tx, IDB_INFO)?.delete(&key)?;
                done.await.map_err(|e| backend_error(&url, &e))?;
                Ok(count.result()?.as_f64().unwrap_or(0.0) > 0.0)
            })
            .await?
        }
    };
    Ok(existed.into())
}

/// One `future_to_promise` for every call (each instance of it costs ~1 KB of wasm).
fn spawn(
    f: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>>,
) -> Promise {
    future_to_promise(f)
}

/// Runs `f` on the parsed URL as a Promise (a bad URL rejects it too: every failure is async).
fn promise<F, Fut>(url: &JsValue, f: F) -> Promise
where
    F: FnOnce(Target) -> Fut,
    Fut: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    match parse_target(url) {
        Ok(target) => spawn(Box::pin(f(target))),
        Err(e) => Promise::reject(&e),
    }
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// Saves this model (as it is now) to `localstorage://NAME` or `indexeddb://NAME`,
    /// atomically: on any failure the previous save there is kept. Resolves to the save's
    /// `SavedModelInfo`; rejects with a `StorageError` (`code` `quota` with `bytes_needed`,
    /// `unavailable`, `bad_url`, `backend`).
    #[wasm_bindgen(unchecked_return_type = "Promise<SavedModelInfo>")]
    pub fn save(&self, #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue) -> Promise {
        let text = match self.serialize() {
            Ok(model) => {
                let header = header_line(&model, self.inner().n_learned());
                format!("{header}\n{model}")
            }
            Err(e) => return Promise::reject(&e.into()),
        };
        promise(&url, move |target| save_to(target, text))
    }

    /// A model saved by `save(url)` (or a format-1 `serialize()` text, with a warning).
    /// Rejects with a `StorageError` (`not_found`, `corrupt`, `newer_version`, `unavailable`,
    /// `bad_url`, `backend`); nothing in storage changes.
    #[wasm_bindgen(unchecked_return_type = "Promise<Model>")]
    pub fn load(#[wasm_bindgen(unchecked_param_type = "string")] url: JsValue) -> Promise {
        promise(&url, load_from)
    }

    /// Every save in localStorage and IndexedDB (those this environment has), localStorage's
    /// first, each sorted by name.
    #[wasm_bindgen(unchecked_return_type = "Promise<SavedModelInfo[]>")]
    pub fn list_models() -> Promise {
        spawn(Box::pin(list_all()))
    }

    /// Deletes the save at `url`; resolves to whether there was one.
    #[wasm_bindgen(unchecked_return_type = "Promise<boolean>")]
    pub fn remove_model(#[wasm_bindgen(unchecked_param_type = "string")] url: JsValue) -> Promise {
        promise(&url, remove_at)
    }
}

/// Whether `e` is a `StorageError` (what the storage calls reject with): a type guard in
/// TypeScript, so `e.code` and `e.bytes_needed` are typed after it.
#[wasm_bindgen(unchecked_return_type = "e is StorageError")]
pub fn is_storage_error(#[wasm_bindgen(unchecked_param_type = "unknown")] e: JsValue) -> bool {
    e.is_instance_of::<js_sys::Error>() && describe(&e).0 == "StorageError"
}

#[wasm_bindgen(typescript_custom_section)]
const TS_STORAGE: &'static str = r#"
/** A save in browser storage (`Model.list_models()`, `model.save()`). `bytes`: the stored
 * text's size (header line + model). The other fields are absent when the save's header cannot
 * be read (`Model.load` then says why); `format_version` 1 is a bare `serialize()` text. */
export interface SavedModelInfo {
  url: string;
  bytes: number;
  saved_at?: number;
  n_learned?: number;
  format_version?: number;
}

/** Why a storage call failed (`StorageError.code`). */
export type StorageErrorCode =
  | "quota" | "not_found" | "corrupt" | "newer_version" | "unavailable" | "bad_url" | "backend";

/** What `save` / `load` / `list_models` / `remove_model` reject with: an `Error` whose `name`
 * is `"StorageError"`. `bytes_needed` (with `code: "quota"`): the size of the save that did not
 * fit; the previous save is kept. */
export interface StorageError extends Error {
  name: "StorageError";
  code: StorageErrorCode;
  url: string;
  bytes_needed?: number;
}
"#;

//! Dataset items in every format and with every option, over a real socket.

mod common;

use apify_sandbox::{Sandbox, SandboxOptions, SeedFile, SANDBOX_TOKEN};
use common::Api;
use serde_json::{json, Value};

async fn sandbox_with(items: Value) -> (Sandbox, Api) {
    let sandbox = Sandbox::start_with(SandboxOptions {
        seed: serde_json::from_value::<SeedFile>(
            json!({ "datasets": [{ "name": "products", "items": items }] }),
        )
        .unwrap(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    (sandbox, api)
}

fn products() -> Value {
    json!([
        { "name": "Lamp", "price": { "value": 10, "currency": "EUR" }, "tags": ["desk", "led"], "#debug": 1 },
        { "name": "Čaj, \"zelený\"", "price": { "value": 2.5 }, "stock": true },
        {},
        { "name": "Mug", "offers": [{ "shop": "A" }, { "shop": "B" }] },
    ])
}

#[tokio::test]
async fn json_and_jsonl_return_the_stored_items_in_order() {
    let (_sandbox, api) = sandbox_with(products()).await;
    let json = api.get("/v2/datasets/~products/items").await;
    assert_eq!(
        json.header("content-type").unwrap(),
        "application/json; charset=utf-8"
    );
    assert_eq!(json.json(), products());
    let jsonl = api
        .get("/v2/datasets/~products/items?format=jsonl")
        .await
        .text();
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(Value::Array(lines), products());
}

#[tokio::test]
async fn pagination_headers_and_desc_offset_limit() {
    let items: Vec<Value> = (0..10).map(|i| json!({ "i": i })).collect();
    let (_sandbox, api) = sandbox_with(Value::Array(items)).await;

    let page = api
        .get("/v2/datasets/~products/items?offset=2&limit=3&desc=1")
        .await;
    assert_eq!(page.json(), json!([{ "i": 7 }, { "i": 6 }, { "i": 5 }]));
    assert_eq!(page.header("x-apify-pagination-offset").unwrap(), "2");
    assert_eq!(page.header("x-apify-pagination-limit").unwrap(), "3");
    assert_eq!(page.header("x-apify-pagination-count").unwrap(), "3");
    assert_eq!(page.header("x-apify-pagination-total").unwrap(), "10");
    assert_eq!(page.header("x-apify-pagination-desc").unwrap(), "true");

    let rest = api.get("/v2/datasets/~products/items?offset=8").await;
    assert_eq!(rest.json(), json!([{ "i": 8 }, { "i": 9 }]));
    assert_eq!(
        rest.header("x-apify-pagination-limit").unwrap(),
        "999999999999"
    );
    assert_eq!(rest.header("x-apify-pagination-desc").unwrap(), "false");
    assert_eq!(
        api.get("/v2/datasets/~products/items?offset=50")
            .await
            .json(),
        json!([])
    );
}

#[tokio::test]
async fn clean_filters_after_paging_and_counts_scanned_items() {
    let (_sandbox, api) = sandbox_with(products()).await;
    let page = api
        .get("/v2/datasets/~products/items?clean=1&limit=3")
        .await;
    // Three items scanned, the empty one dropped, the hidden field gone.
    assert_eq!(page.header("x-apify-pagination-count").unwrap(), "3");
    let items = page.json();
    assert_eq!(items.as_array().unwrap().len(), 2);
    assert!(items[0].get("#debug").is_none());
}

#[tokio::test]
async fn fields_omit_unwind_and_flatten_reshape_items() {
    let (_sandbox, api) = sandbox_with(products()).await;
    let picked = api
        .get("/v2/datasets/~products/items?fields=price,name&limit=1")
        .await
        .json();
    assert_eq!(
        serde_json::to_string(&picked).unwrap(),
        r#"[{"price":{"value":10,"currency":"EUR"},"name":"Lamp"}]"#
    );
    let omitted = api
        .get("/v2/datasets/~products/items?omit=price,tags,%23debug&limit=1")
        .await
        .json();
    assert_eq!(omitted, json!([{ "name": "Lamp" }]));
    let unwound = api
        .get("/v2/datasets/~products/items?unwind=offers&offset=3")
        .await
        .json();
    assert_eq!(
        unwound,
        json!([{ "name": "Mug", "shop": "A" }, { "name": "Mug", "shop": "B" }])
    );
    let flat = api
        .get("/v2/datasets/~products/items?flatten=price&limit=1&fields=price.value")
        .await
        .json();
    assert_eq!(flat, json!([{ "price.value": 10 }]));
}

#[tokio::test]
async fn csv_has_a_bom_by_default_flattened_columns_and_quoting() {
    let (_sandbox, api) = sandbox_with(products()).await;
    let csv = api
        .get("/v2/datasets/~products/items?format=csv&skipHidden=1")
        .await;
    assert_eq!(
        csv.header("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(csv.bytes.starts_with("\u{feff}".as_bytes()));
    let text = csv.text();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "name,price/value,price/currency,tags/0,tags/1,stock,offers/0/shop,offers/1/shop"
    );
    assert_eq!(lines[1], "Lamp,10,EUR,desk,led,,,");
    assert_eq!(lines[2], "\"Čaj, \"\"zelený\"\"\",2.5,,,,true,,");

    let plain = api.get("/v2/datasets/~products/items?format=csv&bom=0&delimiter=%3B&skipHeaderRow=1&limit=1&fields=name,stock").await;
    assert_eq!(plain.text(), "Lamp;\n");
}

#[tokio::test]
async fn xlsx_is_a_real_workbook() {
    use calamine::{Reader, Xlsx};
    let (_sandbox, api) = sandbox_with(products()).await;
    let answer = api
        .get("/v2/datasets/~products/items?format=xlsx&clean=1&attachment=1")
        .await;
    assert_eq!(
        answer.header("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        answer.header("content-disposition").unwrap(),
        "attachment; filename=\"dataset_products.xlsx\""
    );
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(answer.bytes)).expect("a workbook");
    let sheet = workbook
        .worksheet_range_at(0)
        .expect("one sheet")
        .expect("readable");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["name", "price/value", "price/currency"]);
    assert_eq!(rows[1][..3], ["Lamp", "10", "EUR"]);
    assert_eq!(rows[2][0], "Čaj, \"zelený\"");
    assert_eq!(rows.len(), 4, "a header and three clean items");
}

/// A file the app saved can be checked against a later download: the workbook carries no
/// "created now" time, so the same items give the same bytes whenever they are asked for.
#[tokio::test]
async fn xlsx_of_the_same_items_is_the_same_bytes_a_second_later() {
    let (_sandbox, api) = sandbox_with(products()).await;
    let first = api.get("/v2/datasets/~products/items?format=xlsx").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let second = api.get("/v2/datasets/~products/items?format=xlsx").await;
    assert!(first.bytes.len() > 1000);
    assert!(
        first.bytes == second.bytes,
        "the workbook changed between downloads"
    );
}

#[tokio::test]
async fn xml_rss_and_html_escape_and_nest() {
    let (_sandbox, api) =
        sandbox_with(json!([{ "name": "a<b", "tags": ["x", "y"], "price": { "value": 1 } }])).await;
    let xml = api
        .get("/v2/datasets/~products/items?format=xml&xmlRoot=products&xmlRow=product")
        .await
        .text();
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<products>\n<product><name>a&lt;b</name><tags>x</tags><tags>y</tags><price><value>1</value></price></product>\n</products>\n"
    );
    let rss = api.get("/v2/datasets/~products/items?format=rss").await;
    assert_eq!(
        rss.header("content-type").unwrap(),
        "application/rss+xml; charset=utf-8"
    );
    assert!(
        rss.text().contains("<rss version=\"2.0\"><channel>")
            && rss.text().contains("<item><name>a&lt;b</name>")
    );
    let html = api
        .get("/v2/datasets/~products/items?format=html")
        .await
        .text();
    assert!(
        html.contains("<tr><th>name</th><th>tags/0</th><th>tags/1</th><th>price/value</th></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>a&lt;b</td><td>x</td><td>y</td><td>1</td></tr>"),
        "{html}"
    );
}

#[tokio::test]
async fn tables_wider_than_the_platform_allows_are_refused_with_advice() {
    let wide: serde_json::Map<String, Value> =
        (0..2001).map(|i| (format!("c{i}"), json!(i))).collect();
    let (_sandbox, api) = sandbox_with(json!([wide])).await;
    let refused = api.get("/v2/datasets/~products/items?format=csv").await;
    assert_eq!(refused.status, 400);
    assert!(refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("fields"));
    assert_eq!(
        api.get("/v2/datasets/~products/items?format=json")
            .await
            .status,
        200
    );
}

//! The standards shipped with the product (server, UPS, network switch,
//! printer), written the way the seeds' 设备巡检标准 are: a firm copies
//! one and edits it to its own contract.

use super::templates::{ChecklistItem, ItemKind, NewTemplate, TemplateExample};
use crate::requests::Urgency;

struct I {
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    kind: ItemKind,
    unit: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    severity: Urgency,
}

const fn check(code: &'static str, zh: &'static str, en: &'static str, severity: Urgency) -> I {
    I {
        code,
        zh,
        en,
        kind: ItemKind::PassFail,
        unit: "",
        min: None,
        max: None,
        severity,
    }
}

const fn reading(
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    unit: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    severity: Urgency,
) -> I {
    I {
        code,
        zh,
        en,
        kind: ItemKind::Reading,
        unit,
        min,
        max,
        severity,
    }
}

const fn note(code: &'static str, zh: &'static str, en: &'static str) -> I {
    I {
        code,
        zh,
        en,
        kind: ItemKind::Note,
        unit: "",
        min: None,
        max: None,
        severity: Urgency::Normal,
    }
}

const fn photo(code: &'static str, zh: &'static str, en: &'static str) -> I {
    I {
        code,
        zh,
        en,
        kind: ItemKind::Photo,
        unit: "",
        min: None,
        max: None,
        severity: Urgency::Normal,
    }
}

fn items(list: &[I], choices: &[(&str, &[&str], &[&str])]) -> Vec<ChecklistItem> {
    list.iter()
        .map(|i| {
            let (options, failing): (Vec<String>, Vec<String>) = choices
                .iter()
                .find(|(code, _, _)| *code == i.code)
                .map(|(_, o, f)| {
                    (
                        o.iter().map(|s| s.to_string()).collect(),
                        f.iter().map(|s| s.to_string()).collect(),
                    )
                })
                .unwrap_or_default();
            ChecklistItem {
                code: i.code.into(),
                label_zh: i.zh.into(),
                label_en: i.en.into(),
                kind: if options.is_empty() {
                    i.kind
                } else {
                    ItemKind::Choice
                },
                unit: i.unit.into(),
                min: i.min,
                max: i.max,
                choices: options,
                failing_choices: failing,
                required: i.kind != ItemKind::Note,
                severity: i.severity,
                hint: String::new(),
            }
        })
        .collect()
}

use Urgency::{Important, Normal, Urgent};

const LIGHTS: &[&str] = &["正常 normal", "告警 warning", "故障 fault"];
const LIGHTS_FAIL: &[&str] = &["告警 warning", "故障 fault"];

fn server() -> NewTemplate {
    NewTemplate {
        name_zh: "服务器健康检查标准".into(),
        name_en: "Server health check".into(),
        device_class: "服务器".into(),
        models: vec![],
        description: "季度例检：硬件状态、存储、系统日志与备份。Quarterly: hardware, storage, logs and backups.".into(),
        items: items(
            &[
                check("front_panel", "前面板指示灯", "Front panel lights", Important),
                check("fans", "风扇运转", "Fans running", Important),
                reading("inlet_temp", "进风口温度", "Inlet temperature", "°C", Some(10.0), Some(35.0), Important),
                check("psu_redundant", "电源冗余正常", "Power supplies redundant", Important),
                check("raid_state", "RAID 阵列状态", "RAID array state", Urgent),
                reading("disk_usage", "系统盘使用率", "System disk usage", "%", None, Some(85.0), Normal),
                check("system_log", "系统日志无严重错误", "No critical errors in the system log", Important),
                check("backup_ok", "最近一次备份成功", "Last backup succeeded", Important),
                note("remarks", "其他情况", "Other observations"),
            ],
            &[("front_panel", LIGHTS, LIGHTS_FAIL)],
        ),
    }
}

fn ups() -> NewTemplate {
    NewTemplate {
        name_zh: "UPS 巡检标准".into(),
        name_en: "UPS inspection".into(),
        device_class: "UPS".into(),
        models: vec![],
        description: "每月巡检：电池、负载与环境。Monthly: batteries, load and room.".into(),
        items: items(
            &[
                reading(
                    "battery_voltage",
                    "电池组单节电压",
                    "Battery block voltage",
                    "V",
                    Some(12.0),
                    Some(13.8),
                    Important,
                ),
                reading(
                    "load",
                    "输出负载率",
                    "Output load",
                    "%",
                    None,
                    Some(80.0),
                    Important,
                ),
                reading(
                    "input_voltage",
                    "输入电压",
                    "Input voltage",
                    "V",
                    Some(198.0),
                    Some(242.0),
                    Normal,
                ),
                reading(
                    "room_temp",
                    "机房温度",
                    "Room temperature",
                    "°C",
                    Some(15.0),
                    Some(30.0),
                    Normal,
                ),
                check("self_test", "自检通过", "Self-test passed", Urgent),
                check("alarms", "无告警记录", "No alarms logged", Important),
                photo("panel_photo", "面板照片", "Photo of the panel"),
            ],
            &[],
        ),
    }
}

fn switch() -> NewTemplate {
    NewTemplate {
        name_zh: "网络交换机巡检标准".into(),
        name_en: "Network switch inspection".into(),
        device_class: "交换机".into(),
        models: vec![],
        description:
            "季度巡检：端口、资源、配置备份。Quarterly: ports, resources, configuration backup."
                .into(),
        items: items(
            &[
                check("port_lights", "端口指示灯", "Port lights", Important),
                reading(
                    "cpu",
                    "CPU 使用率",
                    "CPU usage",
                    "%",
                    None,
                    Some(70.0),
                    Important,
                ),
                reading(
                    "memory",
                    "内存使用率",
                    "Memory usage",
                    "%",
                    None,
                    Some(80.0),
                    Normal,
                ),
                reading(
                    "temperature",
                    "设备温度",
                    "Device temperature",
                    "°C",
                    None,
                    Some(60.0),
                    Important,
                ),
                check(
                    "error_counters",
                    "端口错误计数无增长",
                    "Port error counters not rising",
                    Normal,
                ),
                check(
                    "config_backup",
                    "配置已备份",
                    "Configuration backed up",
                    Normal,
                ),
                check(
                    "firmware",
                    "固件为推荐版本",
                    "Firmware on the recommended release",
                    Normal,
                ),
                note("remarks", "其他情况", "Other observations"),
            ],
            &[("port_lights", LIGHTS, LIGHTS_FAIL)],
        ),
    }
}

fn printer() -> NewTemplate {
    NewTemplate {
        name_zh: "打印机/复印机巡检标准".into(),
        name_en: "Printer / copier inspection".into(),
        device_class: "打印机".into(),
        models: vec![],
        description:
            "每月巡检：耗材、进纸、打印质量。Monthly: consumables, paper path, print quality."
                .into(),
        items: items(
            &[
                reading(
                    "toner",
                    "碳粉余量",
                    "Toner left",
                    "%",
                    Some(15.0),
                    None,
                    Normal,
                ),
                reading(
                    "drum_life",
                    "硒鼓剩余寿命",
                    "Drum life left",
                    "%",
                    Some(10.0),
                    None,
                    Normal,
                ),
                check(
                    "paper_path",
                    "进纸通道清洁无卡纸",
                    "Paper path clean, no jams",
                    Normal,
                ),
                check(
                    "test_page",
                    "测试页清晰无条纹",
                    "Test page clean, no streaks",
                    Normal,
                ),
                reading(
                    "page_count",
                    "总打印张数",
                    "Page counter",
                    "张 pages",
                    None,
                    None,
                    Normal,
                ),
                photo("test_page_photo", "测试页照片", "Photo of the test page"),
            ],
            &[],
        ),
    }
}

/// The shipped standards, in the order the app lists them.
pub fn all() -> Vec<TemplateExample> {
    vec![
        TemplateExample {
            key: "server".into(),
            template: server(),
        },
        TemplateExample {
            key: "ups".into(),
            template: ups(),
        },
        TemplateExample {
            key: "switch".into(),
            template: switch(),
        },
        TemplateExample {
            key: "printer".into(),
            template: printer(),
        },
    ]
}

/// One shipped standard by its key.
pub fn by_key(key: &str) -> Option<NewTemplate> {
    all().into_iter().find(|e| e.key == key).map(|e| e.template)
}

//! Reading the event pushes the sandbox recorded, as a company's server would export them.

use crate::pushes::{json_lines, xml_lines, Push, PushQuery};

use super::SandboxControl;

impl SandboxControl {
    /// The pushes after sequence number `after` (0 for every push kept: the last 1 000 000),
    /// oldest first.
    pub fn pushes(&self, after: u64) -> Vec<Push> {
        self.pushes_matching(&PushQuery { after, ..PushQuery::default() })
    }

    /// The pushes `query` selects, oldest first.
    pub fn pushes_matching(&self, query: &PushQuery) -> Vec<Push> {
        self.state.pushes.read(query)
    }

    /// [`Self::pushes`] as WeChat's plaintext XML, one document per line.
    pub fn pushes_xml(&self, after: u64) -> String {
        xml_lines(&self.pushes(after))
    }

    /// [`Self::pushes`] as WeChat's JSON mode, one object per line.
    pub fn pushes_json(&self, after: u64) -> String {
        json_lines(&self.pushes(after))
    }

    /// Forgets every push recorded; sequence numbers carry on, so a reader's `after` stays valid.
    pub fn clear_pushes(&self) {
        self.state.pushes.clear();
    }
}

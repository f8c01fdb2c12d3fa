// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {PMTTestToken} from "../../PMTTestToken.sol";

/// @notice An ERC-1271 wallet (say, an operator multisig) that accepts whatever its owner key signed.
contract ERC1271Wallet {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        return ECDSA.recoverCalldata(hash, signature) == owner ? this.isValidSignature.selector : bytes4(0);
    }
}

/// @notice What an ERC-777-style token calls on a recipient that is a contract.
interface ITokenRecipient {
    function tokensReceived(address from, uint256 amount) external;
}

/// @notice A contract account that makes calls for its tests and can refuse, or burn the gas of,
///         incoming native transfers and hook-token transfers.
contract ContractAccount is ITokenRecipient {
    enum Mode {
        Accept,
        Reject,
        BurnGas,
        SpendGas,
        Reenter
    }

    Mode public mode;
    uint256 public gasToSpend;
    address public reentryTarget;
    bytes public reentryCall;

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    function setSpendGas(uint256 gasToSpend_) external {
        mode = Mode.SpendGas;
        gasToSpend = gasToSpend_;
    }

    /// @dev Accepts after spending `gasToSpend` eight calls deep (a wallet behind proxies and modules); given
    ///      less, it runs out of gas, and every level hands back the 1/64 of its gas it kept (EIP-150).
    function spendNested(uint256 depth) external {
        if (depth != 0) {
            this.spendNested(depth - 1);
            return;
        }
        uint256 start = gasleft();
        while (start - gasleft() < gasToSpend) {}
    }

    function setReentry(address target, bytes calldata data) external {
        mode = Mode.Reenter;
        reentryTarget = target;
        reentryCall = data;
    }

    function execute(address target, uint256 value, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        _onReceive();
    }

    function tokensReceived(address, uint256) external {
        _onReceive();
    }

    function _onReceive() private {
        if (mode == Mode.Reject) revert("ContractAccount: rejected");
        if (mode == Mode.BurnGas) {
            while (true) {}
        }
        if (mode == Mode.SpendGas) {
            this.spendNested(8);
        }
        if (mode == Mode.Reenter) {
            (bool ok, bytes memory result) = reentryTarget.call(reentryCall);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(result, 32), mload(result))
                }
            }
        }
    }
}

/// @notice A token that refuses transfers to blocked accounts, like USDC's blocklist.
contract BlocklistToken is PMTTestToken {
    mapping(address account => bool) public blocked;

    constructor() PMTTestToken("Blocklist USD", "bUSD", 6) {}

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        require(!blocked[to], "BlocklistToken: recipient blocked");
        super._update(from, to, value);
    }
}

/// @notice An ERC-777-style token: every transfer (not mint) to an account that registered a hook calls its
///         `tokensReceived` with all the gas left, and fails if the hook does.
contract HookToken is PMTTestToken {
    mapping(address account => bool) public hooked;

    constructor() PMTTestToken("Hook USD", "hUSD", 6) {}

    function registerHook(address account) external {
        hooked[account] = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hooked[to] && from != address(0)) ITokenRecipient(to).tokensReceived(from, value);
    }
}

/// @notice A token that keeps a 1% fee on every transfer, like a dormant fee switch turned on.
contract FeeOnTransferToken is PMTTestToken {
    constructor() PMTTestToken("Fee USD", "fUSD", 6) {}

    function _update(address from, address to, uint256 value) internal override {
        uint256 fee = from == address(0) ? 0 : value / 100;
        if (fee != 0) super._update(from, address(0xFEE), fee);
        super._update(from, to, value - fee);
    }
}
